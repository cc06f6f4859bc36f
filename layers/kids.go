package layers

import (
	"slices"
	"strings"
)

// indexAt is how many children a directory holds before a map indexes
// them. Below it, a sorted slice costs 8 bytes a child where a map costs
// about 40, and a binary search is as quick as hashing the name.
const indexAt = 128

// kids are the children of a directory. While the layers merge, they are a
// slice sorted by name, or, past indexAt children, an unsorted slice with a
// map by name; once the merge is done, settle leaves every directory a
// sorted slice.
type kids struct {
	list  []*Entry
	index map[string]*Entry
}

// baseName is the last component of a clean absolute path: the name its
// entry goes by in its parent. The root's is "".
func baseName(p string) string {
	return p[strings.LastIndexByte(p, '/')+1:]
}

// search finds name in a sorted list: its position, and whether it is
// there.
func (k *kids) search(name string) (int, bool) {
	return slices.BinarySearchFunc(k.list, name, func(c *Entry, name string) int {
		return strings.Compare(baseName(c.Path), name)
	})
}

// get returns the child called name, or nil.
func (k *kids) get(name string) *Entry {
	if k == nil {
		return nil
	}
	if k.index != nil {
		return k.index[name]
	}
	if i, ok := k.search(name); ok {
		return k.list[i]
	}
	return nil
}

// put adds child, replacing any child of the same name.
func (k *kids) put(child *Entry) {
	name := baseName(child.Path)
	if k.index != nil {
		if old := k.index[name]; old != nil {
			k.list[slices.Index(k.list, old)] = child
		} else {
			k.list = append(k.list, child)
		}
		k.index[name] = child
		return
	}

	i, ok := k.search(name)
	if ok {
		k.list[i] = child
		return
	}
	k.list = slices.Insert(k.list, i, child)
	if len(k.list) > indexAt {
		k.index = make(map[string]*Entry, len(k.list))
		for _, c := range k.list {
			k.index[baseName(c.Path)] = c
		}
	}
}

// del removes the child called name, if there is one.
func (k *kids) del(name string) {
	if k == nil {
		return
	}
	if k.index != nil {
		if old := k.index[name]; old != nil {
			delete(k.index, name)
			i := slices.Index(k.list, old)
			k.list = slices.Delete(k.list, i, i+1)
		}
		return
	}
	if i, ok := k.search(name); ok {
		k.list = slices.Delete(k.list, i, i+1)
	}
}

// sorted returns the children ordered by name. The caller must not change
// the slice.
func (k *kids) sorted() []*Entry {
	if k == nil {
		return nil
	}
	if k.index == nil {
		return k.list
	}
	out := slices.Clone(k.list)
	slices.SortFunc(out, func(a, b *Entry) int {
		return strings.Compare(baseName(a.Path), baseName(b.Path))
	})
	return out
}

// settle sorts an indexed directory and drops its map, once nothing more
// is added: lookups then search the slice. The slice loses its spare room.
func (k *kids) settle() {
	switch {
	case k.index != nil:
		k.list = k.sorted()
		k.index = nil
	case cap(k.list) > len(k.list):
		k.list = slices.Clone(k.list)
	}
}
