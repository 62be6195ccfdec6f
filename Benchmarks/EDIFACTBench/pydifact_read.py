# Reads an interchange with pydifact (from PyPI), for comparison with EDIFACTBench on the same file.
import sys, time, warnings
warnings.filterwarnings("ignore")
from pydifact.segmentcollection import Interchange
data = open(sys.argv[1], encoding="latin-1").read()
t = time.perf_counter()
ic = Interchange.from_str(data)
n = sum(1 for _ in ic.segments)
dt = time.perf_counter() - t
print(f"pydifact: {len(data)/1e6:.1f} MB, {n} segments in {dt:.2f} s = {len(data)/dt/1e6:.2f} MB/s")
