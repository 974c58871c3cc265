"""Tests of one game each, in a folder per game."""
