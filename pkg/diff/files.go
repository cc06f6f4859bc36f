package diff

import (
	"cmp"
	"slices"
	"strings"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/diff/change"
)

// files compares the final filesystems path by path, directories aside,
// and returns what differs, biggest change first. Sizes are the bytes each
// image stores for a path, so a hard link weighs nothing: its content is
// counted once, at the file it shares it with.
func files(before, after *layers.Index) []change.File {
	olds, news := nonDirs(before), nonDirs(after)
	var out []change.File

	// Both lists are sorted by path: walk them side by side.
	i, j := 0, 0
	for i < len(olds) || j < len(news) {
		var c int
		switch {
		case i == len(olds):
			c = 1 // only new paths are left
		case j == len(news):
			c = -1 // only old paths are left
		default:
			c = strings.Compare(olds[i].Path, news[j].Path)
		}

		switch {
		case c < 0:
			o := olds[i]
			out = append(out, change.File{Path: o.Path, Change: change.Removed,
				OldSize: o.Stored, Delta: -o.Stored, Layer: o.Layer})
			i++
		case c > 0:
			n := news[j]
			out = append(out, change.File{Path: n.Path, Change: change.Added,
				NewSize: n.Stored, Delta: n.Stored, Layer: n.Layer})
			j++
		default:
			o, n := olds[i], news[j]
			if kind := fileChange(before, after, o, n); kind != "" {
				out = append(out, change.File{Path: n.Path, Change: kind,
					OldSize: o.Stored, NewSize: n.Stored, Delta: n.Stored - o.Stored, Layer: n.Layer})
			}
			i++
			j++
		}
	}

	slices.SortFunc(out, func(a, b change.File) int {
		return cmp.Or(cmp.Compare(abs(b.Delta), abs(a.Delta)), strings.Compare(a.Path, b.Path))
	})
	return out
}

// fileChange says how a path present in both images changed, or "" when
// it did not. Only a file written by the same layer in both is known to be
// unchanged; see the package documentation.
func fileChange(before, after *layers.Index, o, n *layers.Entry) string {
	switch {
	case n.Stored > o.Stored:
		return change.Grown
	case n.Stored < o.Stored:
		return change.Shrunk
	case layerKey(before, o.Layer) != layerKey(after, n.Layer):
		return change.Changed
	}
	return ""
}

// nonDirs lists the final filesystem's entries that are not directories,
// sorted by path.
func nonDirs(ix *layers.Index) []*layers.Entry {
	var out []*layers.Entry
	for e := range ix.All() {
		if e.Kind != layers.Dir {
			out = append(out, e)
		}
	}
	return out
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
