package layers

import (
	"iter"
	"slices"
	"strings"
)

// maxHops is how many symbolic links Resolve follows before it gives up, as
// Linux does.
const maxHops = 40

// Index is what Walk learnt from an image: every layer's entries, the copies
// later layers hid, and the final filesystem the container sees.
//
// The root directory "/" is in the final filesystem as a Dir entry with mode
// 0755 owned by root, whatever the layers say about it. A parent directory no
// layer wrote is there too, with the same mode and the Layer that needed it;
// it appears in no Layer.Entries and hides nothing. An Index is safe for
// concurrent reads.
type Index struct {
	// Layers holds one Layer per filesystem layer, base-most first.
	Layers []Layer
	// Hidden holds every copy a later layer deleted or overwrote, in the
	// order of the layers that hid them.
	Hidden []Hidden

	tree   *tree
	final  []*Entry // the final filesystem without the root, sorted by path
	finalB int64
}

// finish records the final filesystem once every layer is merged.
func (ix *Index) finish(t *tree) {
	ix.tree = t
	ix.Hidden = t.hidden

	var walk func(e *Entry)
	walk = func(e *Entry) {
		k := t.dirs[e]
		if k == nil {
			return
		}
		k.settle()
		for _, c := range k.list {
			ix.final = append(ix.final, c)
			ix.finalB += c.Stored
			walk(c)
		}
	}
	walk(t.root)

	slices.SortFunc(ix.final, func(a, b *Entry) int { return strings.Compare(a.Path, b.Path) })
	ix.final = slices.Clone(ix.final) // without the room appending left
}

// Lookup returns the final filesystem's entry at path p, following no
// symbolic links, or nil when there is none. p is cleaned first.
func (ix *Index) Lookup(p string) *Entry {
	if ix.tree == nil {
		return nil
	}
	return ix.tree.find(cleanName(p))
}

// Children returns the entries directly under directory dir in the final
// filesystem, sorted by name; nil when dir is absent or not a directory.
// Symbolic links are not followed, dir included.
func (ix *Index) Children(dir string) []*Entry {
	e := ix.Lookup(dir)
	if e == nil || e.Kind != Dir {
		return nil
	}
	kids := ix.tree.dirs[e].sorted()
	out := make([]*Entry, len(kids))
	copy(out, kids)
	return out
}

// Resolve returns the final filesystem's entry at path p, following
// symbolic links in every component, the last one included. An absolute
// target resolves from the root, a relative one from the link's directory,
// and ".." at the root stays at the root. Hard links are not followed. It
// returns nil when the path is dangling, goes through something that is not
// a directory, or takes more than 40 links.
func (ix *Index) Resolve(p string) *Entry {
	if ix.tree == nil {
		return nil
	}

	// stack is the chain of directories from the root to where we are.
	stack := []*Entry{ix.tree.root}
	hops := 0
	for comp, rest := next(p); comp != ""; comp, rest = next(rest) {
		cur := stack[len(stack)-1]
		if cur.Kind != Dir {
			return nil
		}

		switch comp {
		case ".":
			continue
		case "..":
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
			continue
		}

		child := ix.tree.dirs[cur].get(comp)
		if child == nil {
			return nil
		}
		if child.Kind != Symlink || child.Hardlink {
			stack = append(stack, child)
			continue
		}

		hops++
		target := child.Link
		if hops > maxHops || target == "" {
			return nil
		}
		if strings.HasPrefix(target, "/") {
			stack = stack[:1]
		}
		rest = target + "/" + rest
	}
	return stack[len(stack)-1]
}

// All yields every entry of the final filesystem sorted by path, the root
// excluded.
func (ix *Index) All() iter.Seq[*Entry] {
	return func(yield func(*Entry) bool) {
		for _, e := range ix.final {
			if !yield(e) {
				return
			}
		}
	}
}

// FinalBytes is the sum of Stored over the final filesystem.
func (ix *Index) FinalBytes() int64 {
	return ix.finalB
}

// LayerBytes is the sum of Bytes over the layers.
func (ix *Index) LayerBytes() int64 {
	var n int64
	for _, l := range ix.Layers {
		n += l.Bytes
	}
	return n
}

// WastedBytes is the sum of Stored over the hidden copies: bytes the image
// ships that the container cannot see.
func (ix *Index) WastedBytes() int64 {
	var n int64
	for _, h := range ix.Hidden {
		n += h.Entry.Stored
	}
	return n
}
