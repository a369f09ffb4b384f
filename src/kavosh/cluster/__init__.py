"""Kavosh on a Ray cluster (``pip install 'kavosh[cluster]'``): shard servers and a coordinator.

Nothing here is imported by ``import kavosh``; Ray is imported only when a cluster is used.

- :mod:`~kavosh.cluster.shard`: :class:`~kavosh.cluster.shard.ShardServer`, the body of a shard
  actor: it searches its own shard's documents of a sharded index (:mod:`kavosh.index.shards`) with
  the whole index's statistics.
- :mod:`~kavosh.cluster.serving`: :class:`~kavosh.cluster.serving.ClusterIndex`, a
  :class:`kavosh.Index` whose searches fan out to the shard actors, merge their ranked lists,
  collapse near-duplicates and build snippets for the final page only.

See docs/scale-out.md.
"""
