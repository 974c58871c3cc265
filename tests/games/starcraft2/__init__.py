"""StarCraft II: the fake client, the executor, orak/StarCraft2-v0 and the duel."""
