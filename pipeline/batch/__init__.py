"""Batch processing: every article in seeds/, every output, only what changed, on all cores or a Dask cluster.

- ``inputs.py``  input hashes per article and output (what feeds each: the rows of pipeline/outputs.py)
- ``ledger.py``  the SQLite ledger under output/: per article and stage, input hash, status, timings, outputs
- ``tasks.py``   ``process_article``: the unit of work that runs in a worker process (local or Dask)
- ``runner.py``  scheduling, progress bar, failure isolation, the summary table
- ``catalogue.py`` output/index.html and output/feed.xml (podcast RSS)
"""
