// Package layers reads the filesystem layers of an image, each once and as a
// stream, and builds an Index: the final filesystem the container sees, what
// every layer wrote, and the copies that later layers deleted or overwrote
// but the image still ships.
//
// Whiteouts (".wh.NAME") and opaque-directory markers (".wh..wh..opq") apply
// to lower layers only. Compression is recognised by its magic bytes (gzip,
// zstd, or none), never by a media type or a name. Hard links keep the kind
// of the file they share content with, and their bytes count once.
//
// Memory grows with the number of entries, never with the size of a layer
// or a file: blobs are streamed, and only content Options.Keep asks for is
// held. An Index costs about 130 bytes per entry plus the entry's path:
// the Entry itself (104 bytes, in one block per layer), its path (one
// string per layer holds them all), and a pointer each in its parent
// directory's sorted children, its layer's Entries and the final listing;
// a directory adds its list of children and a map slot, about 10 bytes an
// entry more. BenchmarkIndexMemory measures 192 bytes per entry for 60,000
// files with paths of 54 bytes on average.
//
// Walk trusts no layer, and hashes each byte at most once. A blob whose
// digest the image states must match it (ErrMismatch otherwise), checked by
// the source as it streams where it does so, as a registry's, or else
// hashed as read; a blob whose digest nothing states has its uncompressed
// stream hashed instead, which must match the diff ID the config states. A
// blob stored under a name that looks like its digest (DigestNamed) is
// hashed to see whether it is; where it is not, its content is read again
// and checked against the diff ID. A sparse file's holes are skipped, not read as zeros, so its
// apparent size costs nothing; a path or link target longer than PATH_MAX
// (4096 bytes) fails the walk; names that climb with ".." or start with "/"
// stay inside the root; and the PAX global header is not taken for a file.
//
// The package never prints, and writes to disk only into a Cache's Dir.
package layers
