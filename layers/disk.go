package layers

import (
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// RecordVersion names the format of the layer reads a Cache keeps in
// Cache.Dir. Bump it whenever Entry, Removal or what a read of a layer
// records changes, so that files written before are no longer used.
const RecordVersion = "layers-record-2"

// record is one layer's read as a file in Cache.Dir holds it, under the
// diff ID of the layer it was read for.
type record struct {
	Version string
	DiffID  v1.Hash // what the content hashed to, when the read hashed it
	Digest  v1.Hash
	Size    int64
	Bytes   int64
	Entries []Entry
	Removed []Removal
}

// diskVersion is what a file in Cache.Dir must have been written for: the
// record format, the caller's Cache.Version and the walk's MaxKeep, which
// all change what a read holds.
func (c *Cache) diskVersion(opts *Options) string {
	return fmt.Sprintf("%s\x00%s\x00%d", RecordVersion, c.Version, opts.MaxKeep)
}

// diskPath is the file in Cache.Dir for the layer with diff ID key read
// under version. ok is false when key is not a well-formed sha256 digest,
// so that no name read from an image can reach outside Dir.
func (c *Cache) diskPath(key v1.Hash, version string) (p string, ok bool) {
	if c.Dir == "" || key.Algorithm != "sha256" || len(key.Hex) != sha256.Size*2 {
		return "", false
	}
	if _, err := hex.DecodeString(key.Hex); err != nil {
		return "", false
	}

	v := sha256.Sum256([]byte(version))
	name := "sha256-" + key.Hex + "-" + hex.EncodeToString(v[:8]) + ".gob"
	return filepath.Join(c.Dir, name), true
}

// load returns the read that Cache.Dir holds for the layer with diff ID
// key, or nil when it holds none for this version, or one that cannot be
// decoded: such a layer is read again and its file replaced. The caller
// still asks whether the read stands for its layer.
func (c *Cache) load(key v1.Hash, opts *Options) *blobRead {
	version := c.diskVersion(opts)
	p, ok := c.diskPath(key, version)
	if !ok {
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()

	var rec record
	if err := gob.NewDecoder(f).Decode(&rec); err != nil {
		return nil
	}
	if rec.Version != version {
		return nil
	}

	read := &blobRead{
		entries: make([]*Entry, len(rec.Entries)),
		removed: rec.Removed,
		bytes:   rec.Bytes,
		digest:  rec.Digest,
		size:    rec.Size,
		diffID:  rec.DiffID,
	}
	for i := range rec.Entries {
		read.entries[i] = &rec.Entries[i]
	}
	return read
}

// store writes read to Cache.Dir as the layer with diff ID key, through a
// temporary file in Dir renamed into place, so that a crash or a second
// process never leaves a partial file under the final name. A read whose
// content hashed to another diff ID failed the walk's check and is not
// stored. A failure to store only costs the next run a read, so it is not
// reported.
func (c *Cache) store(key v1.Hash, read *blobRead, opts *Options) {
	version := c.diskVersion(opts)
	p, ok := c.diskPath(key, version)
	if !ok || (read.diffID != (v1.Hash{}) && read.diffID != key) {
		return
	}

	rec := record{Version: version, DiffID: read.diffID, Digest: read.digest, Size: read.size,
		Bytes: read.bytes, Removed: read.removed, Entries: make([]Entry, len(read.entries))}
	for i, e := range read.entries {
		rec.Entries[i] = *e
		rec.Entries[i].Layer = 0
	}

	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(c.Dir, ".tmp-*.gob")
	if err != nil {
		return
	}
	tmp := f.Name()
	err = gob.NewEncoder(f).Encode(&rec)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		os.Remove(tmp)
	}
}
