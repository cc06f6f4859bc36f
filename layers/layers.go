package layers

import (
	"io/fs"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Kind is what sort of filesystem object an entry is.
type Kind uint8

// Kinds of entry. A hard link has the kind of the file it links to.
const (
	File Kind = iota
	Dir
	Symlink
	Other // device, fifo or socket
)

// Tag is a set of caller-defined marks that Options.Sniff puts on a file from
// its first bytes, such as "starts with a private-key header".
type Tag uint8

// Entry is one path as one layer wrote it. Its fields are ordered to pack
// the struct tight: an index holds one per entry of every layer.
type Entry struct {
	// Path is absolute and clean, as the container sees it: "/srv/app/.env".
	Path string
	// Link is a symlink's target as written, or for a hard link the absolute
	// path of the file it shares content with.
	Link string
	// Content is the whole content of a file that Options.Keep asked for.
	Content []byte
	// Size is the apparent size of a file's content; 0 for other kinds.
	Size int64
	// Stored is the bytes the layer really stores for the entry: less than
	// Size for a sparse file, 0 for a hard link, whose bytes count once at
	// the file it links to.
	Stored int64
	UID    int
	GID    int
	// Layer is the 0-based index of the layer that wrote the entry.
	Layer int
	// Mode holds the permission bits plus fs.ModeSetuid, fs.ModeSetgid and
	// fs.ModeSticky; the type bits are in Kind.
	Mode     fs.FileMode
	Kind     Kind
	Hardlink bool
	// Tags are what Options.Sniff said of the file's first bytes.
	Tags Tag

	// implied marks a parent directory that no layer wrote: it is in the
	// final filesystem but in no layer's entries, and hides nothing. It
	// fills what would be padding.
	implied bool
}

// Removal is a path that a layer whited out.
type Removal struct {
	Path string
	// Opaque is set for an opaque-directory marker: the directory stays, but
	// everything lower layers put under it is gone.
	Opaque bool
}

// Layer is what one filesystem layer holds.
type Layer struct {
	Digest    v1.Hash // digest of the blob as stored
	DiffID    v1.Hash // digest of the uncompressed tar
	MediaType types.MediaType
	// Size is the size of the blob as stored (compressed, if it is).
	Size int64
	// Bytes is the sum of Stored over the entries the layer wrote.
	Bytes int64
	// Entries is everything the layer wrote, in archive order.
	Entries []*Entry
	// Removed is every whiteout in the layer.
	Removed []Removal
	// CreatedBy is the command that made the layer, from the image history;
	// empty when the history does not say.
	CreatedBy string
	// Missing is set when the layer's blob could not be fetched, as for a
	// foreign layer whose blob is absent; the rest of the image is still read.
	Missing error
}

// Hidden is a copy of a path that a later layer deleted or overwrote: gone
// from the final filesystem, but still shipped in the image.
type Hidden struct {
	// Entry is the hidden copy; Entry.Layer is the layer that wrote it.
	Entry *Entry
	// By is the index of the layer that deleted or overwrote it.
	By int
	// Deleted is true for removal by a whiteout or an opaque directory, false
	// when a later layer wrote the same path again (or replaced a parent
	// directory with something that is not a directory).
	Deleted bool
}

// Options tunes Walk. The zero value keeps no content and sniffs nothing.
type Options struct {
	// Keep reports whether Walk should keep a regular file's content in
	// Entry.Content, so that checks can read it later. Called with the
	// entry's path and apparent size.
	Keep func(path string, size int64) bool
	// MaxKeep bounds the content Keep may ask for; larger files are never
	// kept. Default 8 MiB.
	MaxKeep int64
	// Sniff, when set, is called for every regular file with its first
	// SniffSize bytes (fewer for a shorter file) and returns tags for it.
	Sniff func(path string, head []byte) Tag
	// Concurrency is how many layers are read at once. Default GOMAXPROCS.
	Concurrency int
	// Cache, when set, lets walks of several images share what they read
	// of a layer both have: its blob is read once. Default: no cache.
	Cache *Cache
	// Progress, when set, is told how far each layer's blob has been read:
	// once for every layer before any is read, then about every MiB, and
	// when a blob is read to its end. It is called from several goroutines
	// at once and should return quickly.
	Progress func(Progress)
}

// SniffSize is the most bytes of a file that Options.Sniff sees.
const SniffSize = 64
