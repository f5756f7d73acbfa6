"""modisim's Python side: write selection policies for `selection.policy: external`
(modisim.policy) in any Python, with the standard library only; read results
(modisim.results: load_run, load_sweep; see python/README.md)."""
from .results import load_run, load_sweep

__all__ = ["load_run", "load_sweep"]
