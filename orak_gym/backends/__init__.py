"""Emulator backends shared by several games (stable-retro today).

Import-cheap on purpose: the heavy emulator modules load only when a backend is built.
"""
