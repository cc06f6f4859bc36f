package layers

import (
	"context"
	"sync"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// Cache keeps what Walk read from each layer, keyed by the layer's diff ID,
// so that walking a second image that shares a layer with the first does
// not read its blob again. A read is reused for a layer only when it is
// known to hold that layer: its content hashed to the diff ID, or it came
// from the blob the layer states (see standsFor). Set it as Options.Cache
// on every walk that should share; the zero value is ready to use, and a
// Cache is safe for concurrent use. When two walks want the same layer at once, one reads it and the
// other waits for it.
//
// A Cache holds every layer it has read, content kept by Options.Keep
// included, until it is dropped. Share one only between walks with the same
// Keep, Sniff and MaxKeep: what a layer's entries hold depends on them. A
// layer whose diff ID the config does not give, or whose blob is missing,
// is never cached.
type Cache struct {
	// Dir, when set, is a folder where each layer's read also persists, one
	// file per diff ID, so that later runs skip the layers earlier ones read.
	// Nothing is written outside it; a file that cannot be read is ignored
	// and replaced. A read whose content hashed to another diff ID than its
	// key is not stored, and a stored read is used only where it stands for
	// the layer, as in memory.
	Dir string
	// Version names what decides a read besides the layer: the Keep, Sniff
	// and MaxKeep of the walks that share the cache. Files in Dir written
	// under another Version, or another RecordVersion, are not used.
	Version string

	mu    sync.Mutex
	slots map[v1.Hash]*slot
}

// slot is one layer's read, or the promise of it while one walk reads it.
type slot struct {
	done chan struct{} // closed once read is settled
	read *blobRead     // nil when the read failed or the blob was missing
}

// read returns layer i's read: from the cache when a walk already read a
// layer with diff ID key, else from the blob, which it then caches. A nil
// cache reads the blob. Each call gets its own copy of the entries, since
// merging a layer settles its hard links against the layers below it.
func (c *Cache) read(ctx context.Context, l v1.Layer, key v1.Hash, i int,
	opts *Options) layerResult {
	if c == nil || key == (v1.Hash{}) {
		return readLayer(ctx, l, i, opts)
	}

	for {
		s, owner := c.claim(key)
		if owner {
			r := c.readOwned(ctx, l, key, i, opts)
			c.settle(key, s, r.read)
			if r.read == nil {
				return r
			}
			read := r.read.copyFor(i)
			read.digest, read.size = storedBlob(l, read.digest, read.size)
			return layerResult{read: read}
		}

		select {
		case <-s.done:
		case <-ctx.Done():
			return layerResult{err: ctx.Err()}
		}
		if s.read != nil && s.read.standsFor(l, key) {
			read := s.read.copyFor(i)
			read.digest, read.size = storedBlob(l, read.digest, read.size)
			return layerResult{read: read}
		}
		if s.read != nil {
			return readLayer(ctx, l, i, opts)
		}
		// The walk that read the layer failed; read it here instead.
	}
}

// standsFor reports whether r, read from a layer with diff ID key, is known
// to hold what l holds: its content hashed to key, or it was read from the
// very blob l states or is named for. Another image may claim the same diff
// ID for a different blob; a read that checked only its blob's digest
// stands for no other blob, so that such a claim never passes one layer's
// findings off as another's.
func (r *blobRead) standsFor(l v1.Layer, key v1.Hash) bool {
	if r.diffID != (v1.Hash{}) && r.diffID == key {
		return true
	}
	if r.digest == (v1.Hash{}) {
		return false
	}
	return r.digest == statedDigest(l) || r.digest == namedDigest(l)
}

// readOwned reads the layer with diff ID key for the walk that claimed it:
// from Dir when it holds the layer, else from the blob, which it then
// stores in Dir.
func (c *Cache) readOwned(ctx context.Context, l v1.Layer, key v1.Hash, i int,
	opts *Options) layerResult {
	if c.Dir == "" {
		return readLayer(ctx, l, i, opts)
	}
	if read := c.load(key, opts); read != nil && read.standsFor(l, key) {
		return layerResult{read: read}
	}

	r := readLayer(ctx, l, i, opts)
	if r.read != nil {
		c.store(key, r.read, opts)
	}
	return r
}

// claim returns the slot for key. owner is true when the caller made the
// slot and must read the layer and settle it.
func (c *Cache) claim(key v1.Hash) (s *slot, owner bool) {
	c.mu.Lock()
	defer c.mu.Unlock()

	if s, ok := c.slots[key]; ok {
		return s, false
	}
	if c.slots == nil {
		c.slots = make(map[v1.Hash]*slot)
	}
	s = &slot{done: make(chan struct{})}
	c.slots[key] = s
	return s, true
}

// settle records the owner's read and wakes the waiters. A failed read
// leaves no slot, so that the next walk tries again.
func (c *Cache) settle(key v1.Hash, s *slot, read *blobRead) {
	c.mu.Lock()
	defer c.mu.Unlock()

	s.read = read
	if read == nil {
		delete(c.slots, key)
	}
	close(s.done)
}

// copyFor copies a read for layer i of another walk. Entries are copied,
// their content shared: nothing changes a kept content once it is read.
func (r *blobRead) copyFor(i int) *blobRead {
	out := *r
	out.entries = make([]*Entry, len(r.entries))
	for j, e := range r.entries {
		cp := *e
		cp.Layer = i
		out.entries[j] = &cp
	}
	return &out
}

// storedBlob returns the digest and size of l's blob as this image stores
// it. Two images can store one diff ID with different compression; when l
// can describe its blob without reading it, that description wins over the
// cached read's.
func storedBlob(l v1.Layer, digest v1.Hash, size int64) (v1.Hash, int64) {
	d, ok := l.(describer)
	if !ok {
		return digest, size
	}
	desc, err := d.Descriptor()
	if err != nil || desc.Digest == digest {
		return digest, size
	}
	return desc.Digest, desc.Size
}
