"""Stage 5, jobs: the build that runs the stages for every edition and writes them.

Takes `Options`; plans the editions, skips those whose inputs did not change
(the manifest), renders the rest in worker processes, and writes every file
atomically, all or nothing. `pipeline.build` reads top to bottom as the whole
pipeline.
"""
