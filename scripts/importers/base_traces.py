"""What the trace layers an imported layer will sit on already hold: their models, device classes
and which devices have an image_load row. Later layers replace earlier rows with the same key, as
modisim's TraceLayers does (sim/core/trace_layers.cpp)."""
import os

from trace_tables import read_table


class BaseTraces:
    def __init__(self, dirs):
        self.dirs = dirs
        self.models = set()
        self.devices = {}
        self.image_load = set()
        for d in dirs:
            self.models |= {r["model"] for r in read_table(os.path.join(d, "models.csv"))}
            self.devices.update({r["device"]: r for r in read_table(os.path.join(d, "devices.csv"))})
            self.image_load |= {r["device"] for r in read_table(os.path.join(d, "device_timings.csv"))
                                if r["phase"] == "image_load"}

    def names(self):
        return ", ".join(self.dirs)
