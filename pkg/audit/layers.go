package audit

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/check"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// Top paths are found in two steps. Files first count towards their folder
// at topDepth, so a layer that installs a compiler shows /usr/lib/gcc rather
// than its thousand files; then a folder gives way to its child for as long
// as one child holds at least topShare of it, so /var/lib/apt becomes
// /var/lib/apt/lists and a folder holding one big file becomes that file.
const (
	topDepth = 3
	topShare = 0.8
)

// summarise describes each layer for the report.
func summarise(ix *layers.Index, top int) []result.Layer {
	out := make([]result.Layer, len(ix.Layers))
	for i, l := range ix.Layers {
		out[i] = result.Layer{
			Index:          i,
			Digest:         l.Digest.String(),
			DiffID:         l.DiffID.String(),
			CreatedBy:      check.MaskHistory(l.CreatedBy),
			Size:           l.Bytes,
			CompressedSize: l.Size,
			Files:          countFiles(l.Entries),
			Top:            topPaths(l.Entries, top),
		}
		if l.Missing != nil {
			out[i].Missing = l.Missing.Error()
		}
	}
	return out
}

func countFiles(entries []*layers.Entry) int {
	n := 0
	for _, e := range entries {
		if e.Kind != layers.Dir {
			n++
		}
	}
	return n
}

// sizeTree holds the bytes below every path of one layer.
type sizeTree struct {
	bytes    map[string]int64
	children map[string][]string
}

func newSizeTree(entries []*layers.Entry) *sizeTree {
	t := &sizeTree{bytes: map[string]int64{}, children: map[string][]string{}}
	for _, e := range entries {
		if e.Stored <= 0 {
			continue
		}
		for p := e.Path; p != "/"; p = path.Dir(p) {
			if _, seen := t.bytes[p]; !seen {
				parent := path.Dir(p)
				t.children[parent] = append(t.children[parent], p)
			}
			t.bytes[p] += e.Stored
		}
	}
	return t
}

// narrow descends from p while one child holds most of p's bytes.
func (t *sizeTree) narrow(p string) string {
	for {
		kids := t.children[p]
		if len(kids) == 0 {
			return p
		}
		biggest := slices.MaxFunc(kids, func(a, b string) int {
			return cmp.Compare(t.bytes[a], t.bytes[b])
		})
		if float64(t.bytes[biggest]) < topShare*float64(t.bytes[p]) {
			return p
		}
		p = biggest
	}
}

// topPaths returns the n paths that hold most of the bytes a layer stores.
func topPaths(entries []*layers.Entry, n int) []result.PathSize {
	t := newSizeTree(entries)
	groups := map[string]bool{}
	for _, e := range entries {
		if e.Stored > 0 {
			groups[truncatePath(e.Path, topDepth)] = true
		}
	}
	out := make([]result.PathSize, 0, len(groups))
	for g := range groups {
		p := t.narrow(g)
		out = append(out, result.PathSize{Path: p, Size: t.bytes[p]})
	}
	slices.SortFunc(out, func(a, b result.PathSize) int {
		return cmp.Or(cmp.Compare(b.Size, a.Size), cmp.Compare(a.Path, b.Path))
	})
	return out[:min(n, len(out))]
}

// truncatePath keeps the first depth components of an absolute path.
func truncatePath(p string, depth int) string {
	i := 0
	for range depth {
		j := strings.IndexByte(p[i+1:], '/')
		if j < 0 {
			return p
		}
		i += j + 1
	}
	return p[:i]
}

// folderDepth is how deep the result's Folders go: /usr/lib, /srv/app.
const folderDepth = 2

// folders adds up the final filesystem's bytes by the folder folderDepth
// levels down that holds them, and returns the n biggest. A file directly
// under / or one level down counts as itself.
func folders(ix *layers.Index, n int) []result.PathSize {
	sizes := map[string]int64{}
	for e := range ix.All() {
		if e.Stored > 0 {
			sizes[truncatePath(path.Dir(e.Path), folderDepth)] += e.Stored
		}
	}
	out := make([]result.PathSize, 0, len(sizes))
	for p, s := range sizes {
		out = append(out, result.PathSize{Path: p, Size: s})
	}
	slices.SortFunc(out, func(a, b result.PathSize) int {
		return cmp.Or(cmp.Compare(b.Size, a.Size), cmp.Compare(a.Path, b.Path))
	})
	return out[:min(n, len(out))]
}
