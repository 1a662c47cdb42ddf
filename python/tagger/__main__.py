"""python3 -m tagger: where the library and the data were found."""
import tagger

print("libtagger %s at %s" % (tagger.version(), tagger.library_path()))
print("data directory: %s" % (tagger.data_dir() or "(none found)"))
