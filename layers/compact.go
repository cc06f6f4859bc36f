package layers

import "strings"

// compact moves a layer's entries into one block of memory, and their paths
// into one string, once the layer is read. An entry then costs its struct
// and its path's bytes, without an allocation's rounding for each, and the
// entries slice loses the spare room appending left in it.
func (r *blobRead) compact() {
	size := 0
	for _, e := range r.entries {
		size += len(e.Path)
	}
	var sb strings.Builder
	sb.Grow(size)
	for _, e := range r.entries {
		sb.WriteString(e.Path)
	}
	paths := sb.String()

	block := make([]Entry, len(r.entries))
	out := make([]*Entry, len(r.entries))
	off := 0
	for i, e := range r.entries {
		block[i] = *e
		block[i].Path = paths[off : off+len(e.Path)]
		off += len(e.Path)
		out[i] = &block[i]
	}
	r.entries = out
}
