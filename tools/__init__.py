"""Tools for the people who develop and operate the portal, outside the product: the benchmark
(`make bench`), the load test (`make loadtest`) and the bare-view ceiling they compare with."""
