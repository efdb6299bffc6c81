"""How the build reads the whole seeds tree: over the cores, through the cache, into rows.

``tree.read_all`` lists the tree and reads every seed file with :mod:`jacksonpd.seeds`:
``articles`` over the cores, ``incident_files`` a batch of incidents at a time, then
``incidents`` takes them in with the release policy; ``cache`` keeps what an unchanged file gave,
``collected`` gathers a worker's records and problems.
"""
