package layers

import (
	"context"
	"sync"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// Cache keeps what Walk read from each layer, keyed by the layer's diff ID,
// so that walking a second image that shares a layer with the first does
// not read its blob again. A read is reused for a layer only where it rests
// on the claim the layer's own read would have checked: the digest the
// layer states for its blob, or else its diff ID (see standsFor). Like any
// store addressed by digest, a hit trusts that claim: a blob damaged or
// swapped under an unchanged digest is not read again, so not noticed. Set
// it as Options.Cache on every walk that should share; the zero value is
// ready to use, and a Cache is safe for concurrent use. When two walks want
// the same layer at once, one reads it and the other waits for it.
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

// standsFor reports whether r, read from a layer with diff ID key, holds
// what l holds whenever reading l itself would pass: a hit must rest on
// the claim l's own read would have checked. A layer that states its
// blob's digest is checked against that digest alone, so only a read of
// that very blob stands for it; another image may claim l's diff ID for
// different content. A layer whose name suggests a digest passes its own
// read by its name or by its content, so a read must match both. Any
// other layer is checked by its content, against key.
func (r *blobRead) standsFor(l v1.Layer, key v1.Hash) bool {
	byContent := r.diffID != (v1.Hash{}) && r.diffID == key
	c := claimsOf(l)
	switch {
	case c.named:
		return byContent && r.digest == c.digest
	case c.digest != (v1.Hash{}):
		return r.digest == c.digest
	}
	return byContent
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
