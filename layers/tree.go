package layers

import (
	"path"
	"strings"
)

// impliedMode is the mode of a parent directory that no layer wrote, as a
// container runtime creates it.
const impliedMode = 0o755

// node is one path component of the final filesystem. Its name is the last
// component of its entry's path; only a directory that holds something
// has kids. A parent directory that no layer wrote has an implied entry.
type node struct {
	entry *Entry
	kids  *kids
}

func (n *node) isDir() bool {
	return n.entry.Kind == Dir
}

// tree is the filesystem as the layers merged so far leave it, with the
// copies they hid on the way.
type tree struct {
	root   *node
	hidden []Hidden
}

func newTree() *tree {
	root := &Entry{Path: "/", Kind: Dir, Mode: impliedMode, implied: true}
	return &tree{root: &node{entry: root}}
}

// next splits the first component off a slash-separated path, skipping
// empty components.
func next(p string) (comp, rest string) {
	p = strings.TrimLeft(p, "/")
	comp, rest, _ = strings.Cut(p, "/")
	return comp, rest
}

// find returns the node at a clean absolute path, following no links.
func (t *tree) find(p string) *node {
	n := t.root
	for comp, rest := next(p); comp != ""; comp, rest = next(rest) {
		n = n.kids.get(comp)
		if n == nil {
			return nil
		}
	}
	return n
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
	n := t.find(rm.Path)
	if n == nil {
		return
	}

	if rm.Opaque {
		if n.isDir() {
			t.hideChildren(n, layer, true)
			n.kids = nil
		}
		return
	}

	parent := t.find(path.Dir(rm.Path))
	parent.kids.del(n.name())
	t.hide(n, layer, true)
}

// add puts an entry into the tree, replacing what was at its path.
func (t *tree) add(e *Entry, layer int) {
	if e.Hardlink {
		t.settleHardlink(e)
	}

	parent := t.dir(path.Dir(e.Path), layer)
	old := parent.kids.get(baseName(e.Path))

	// A directory over a directory only changes its metadata.
	if old != nil && old.isDir() && e.Kind == Dir {
		old.entry = e
		return
	}

	if old != nil {
		t.hide(old, layer, false)
	}
	parent.link(&node{entry: e})
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
	e.Kind = target.entry.Kind
	e.Size = target.entry.Size
}

// dir returns the directory at p, creating missing parents and replacing
// any parent that is not a directory, as extracting the layer would.
func (t *tree) dir(p string, layer int) *node {
	n := t.root
	end := 0
	for comp, rest := next(p); comp != ""; comp, rest = next(rest) {
		end += 1 + len(comp)
		child := n.kids.get(comp)

		if child != nil && !child.isDir() {
			n.kids.del(comp)
			t.hide(child, layer, false)
			child = nil
		}
		if child == nil {
			dir := &Entry{Path: p[:end], Kind: Dir, Mode: impliedMode, Layer: layer,
				implied: true}
			child = &node{entry: dir}
			n.link(child)
		}
		n = child
	}
	return n
}

// link adds a child to a directory node, replacing any of the same name.
func (n *node) link(child *node) {
	if n.kids == nil {
		n.kids = &kids{}
	}
	n.kids.put(child)
}

// hide records n and everything under it as hidden by layer.
func (t *tree) hide(n *node, layer int, deleted bool) {
	if !n.entry.implied {
		t.hidden = append(t.hidden, Hidden{Entry: n.entry, By: layer, Deleted: deleted})
	}
	t.hideChildren(n, layer, deleted)
}

// hideChildren records everything under n as hidden by layer, in name order
// so that the result does not depend on map order.
func (t *tree) hideChildren(n *node, layer int, deleted bool) {
	for _, child := range n.sorted() {
		t.hide(child, layer, deleted)
	}
}

// sorted returns the children of n ordered by name. The caller must not
// change the slice.
func (n *node) sorted() []*node {
	return n.kids.sorted()
}
