"""Around the pipeline: a whole county in one command, in parallel and incrementally
(`run`), with its worker processes (`workers`), the cache of what was built (`manifest`) and the
terminal side (`console`)."""
