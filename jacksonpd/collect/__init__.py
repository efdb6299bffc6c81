"""How the build reads the whole seeds tree: over the cores, through the cache, into rows.

``tree.read_all`` reads every seed file with :mod:`jacksonpd.seeds`, ``cache`` keeps what an
unchanged file gave, ``collected`` gathers a worker's records and problems.
"""
