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
// The package never prints and never writes to disk.
package layers
