"""modisim's Python side, standard library only (numpy optional): external policies
(modisim.policy), a Gym-style environment over the same protocol (modisim.env), and the results
reader (modisim.results: load_run, load_sweep). See python/README.md."""
from .results import load_run, load_sweep

__all__ = ["load_run", "load_sweep"]
