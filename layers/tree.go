package layers

import (
	"path"
	"strings"
)

// impliedMode is the mode of a parent directory that no layer wrote, as a
// container runtime creates it.
const impliedMode = 0o755

// tree is the filesystem as the layers merged so far leave it, with the
// copies they hid on the way. An entry is a path of the tree; its name is
// the last component of its path. Only a directory that holds something
// has kids, kept aside so that a file costs the tree nothing but its place
// in its parent's list. A parent directory that no layer wrote has an
// implied entry.
type tree struct {
	root   *Entry
	dirs   map[*Entry]*kids
	hidden []Hidden
}

func newTree() *tree {
	root := &Entry{Path: "/", Kind: Dir, Mode: impliedMode, implied: true}
	return &tree{root: root, dirs: map[*Entry]*kids{}}
}

// next splits the first component off a slash-separated path, skipping
// empty components.
func next(p string) (comp, rest string) {
	p = strings.TrimLeft(p, "/")
	comp, rest, _ = strings.Cut(p, "/")
	return comp, rest
}

// find returns the entry at a clean absolute path, following no links.
func (t *tree) find(p string) *Entry {
	e := t.root
	for comp, rest := next(p); comp != ""; comp, rest = next(rest) {
		e = t.dirs[e].get(comp)
		if e == nil {
			return nil
		}
	}
	return e
}

// kidsOf returns the children of directory e, making room for some.
func (t *tree) kidsOf(e *Entry) *kids {
	k := t.dirs[e]
	if k == nil {
		k = &kids{}
		t.dirs[e] = k
	}
	return k
}

// merge applies one layer: its removals first, since whiteouts only reach
// lower layers, then its entries in archive order.
func (t *tree) merge(layer int, removed []Removal, entries []*Entry) {
	for _, rm := range removed {
		t.remove(rm, layer)
	}
	for _, e := range entries {
		t.add(e, layer)
	}
}

// remove applies a whiteout. A path that is not there is a no-op.
func (t *tree) remove(rm Removal, layer int) {
	e := t.find(rm.Path)
	if e == nil {
		return
	}

	if rm.Opaque {
		if e.Kind == Dir {
			t.hideChildren(e, layer, true)
			delete(t.dirs, e)
		}
		return
	}

	parent := t.find(path.Dir(rm.Path))
	t.dirs[parent].del(baseName(e.Path))
	t.hide(e, layer, true)
}

// add puts an entry into the tree, replacing what was at its path.
func (t *tree) add(e *Entry, layer int) {
	if e.Hardlink {
		t.settleHardlink(e)
	}

	siblings := t.kidsOf(t.dir(path.Dir(e.Path), layer))
	old := siblings.get(baseName(e.Path))

	// A directory over a directory only changes its metadata.
	if old != nil && old.Kind == Dir && e.Kind == Dir {
		siblings.put(e)
		if k := t.dirs[old]; k != nil {
			t.dirs[e] = k
			delete(t.dirs, old)
		}
		return
	}

	if old != nil {
		t.hide(old, layer, false)
	}
	siblings.put(e)
}

// settleHardlink gives a hard link the kind and size of the file it links
// to: an earlier entry of the same layer, or else the lower layers' file.
// When that file is later hidden while the link survives, its bytes count
// as wasted and not as final.
func (t *tree) settleHardlink(e *Entry) {
	target := t.find(e.Link)
	if target == nil {
		return
	}
	e.Kind = target.Kind
	e.Size = target.Size
}

// dir returns the directory at p, creating missing parents and replacing
// any parent that is not a directory, as extracting the layer would.
func (t *tree) dir(p string, layer int) *Entry {
	e := t.root
	end := 0
	for comp, rest := next(p); comp != ""; comp, rest = next(rest) {
		end += 1 + len(comp)
		k := t.kidsOf(e)
		child := k.get(comp)

		if child != nil && child.Kind != Dir {
			k.del(comp)
			t.hide(child, layer, false)
			child = nil
		}
		if child == nil {
			child = &Entry{Path: p[:end], Kind: Dir, Mode: impliedMode, Layer: layer,
				implied: true}
			k.put(child)
		}
		e = child
	}
	return e
}

// hide records e and everything under it as hidden by layer.
func (t *tree) hide(e *Entry, layer int, deleted bool) {
	if !e.implied {
		t.hidden = append(t.hidden, Hidden{Entry: e, By: layer, Deleted: deleted})
	}
	t.hideChildren(e, layer, deleted)
	delete(t.dirs, e)
}

// hideChildren records everything under e as hidden by layer, in name
// order so that the result does not depend on the order of merging.
func (t *tree) hideChildren(e *Entry, layer int, deleted bool) {
	for _, child := range t.dirs[e].sorted() {
		t.hide(child, layer, deleted)
	}
}
