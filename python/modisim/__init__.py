"""modisim's Python side: write selection policies for `selection.policy: external`
(modisim.policy) in any Python, with the standard library only."""
