package diff

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/diff/change"
)

// dirStat is what one directory holds in each image.
type dirStat struct {
	old, new int64
	// changed counts the children whose bytes differ; viaFile is set when
	// one of them is not a directory.
	changed int
	viaFile bool
}

func (d *dirStat) delta() int64 { return d.new - d.old }

// dirs returns the top directories by the change in the bytes the final
// filesystem stores under them, in tree order: each directory follows the
// listed directory that holds it, siblings biggest change first. A
// directory whose change all comes from one subdirectory is left out in
// favour of that subdirectory.
func dirs(before, after *layers.Index, top int) []change.Dir {
	stats := map[string]*dirStat{}
	fileDelta := map[string]int64{}
	add(stats, fileDelta, before, -1)
	add(stats, fileDelta, after, 1)

	for p, d := range fileDelta {
		if d != 0 {
			parent := stats[path.Dir(p)]
			parent.changed++
			parent.viaFile = true
		}
	}
	for p, s := range stats {
		if p != "/" && s.delta() != 0 {
			stats[path.Dir(p)].changed++
		}
	}

	var picked []string
	for p, s := range stats {
		if s.delta() != 0 && (s.changed > 1 || s.viaFile) {
			picked = append(picked, p)
		}
	}
	bySize := func(a, b string) int {
		da, db := abs(stats[a].delta()), abs(stats[b].delta())
		return cmp.Or(cmp.Compare(db, da), strings.Compare(a, b))
	}
	slices.SortFunc(picked, bySize)
	picked = picked[:min(top, len(picked))]
	return treeOrder(picked, stats, bySize)
}

// add counts the stored bytes of ix's final filesystem into every directory
// above each entry, on the old side for sign -1 and the new for 1, and
// records each file's stored bytes in fileDelta with that sign.
func add(stats map[string]*dirStat, fileDelta map[string]int64, ix *layers.Index, sign int64) {
	stat := func(p string) *dirStat {
		s := stats[p]
		if s == nil {
			s = &dirStat{}
			stats[p] = s
		}
		return s
	}

	stat("/")
	for e := range ix.All() {
		if e.Kind == layers.Dir {
			stat(e.Path)
			continue
		}
		fileDelta[e.Path] += sign * e.Stored
		for p := path.Dir(e.Path); ; p = path.Dir(p) {
			s := stat(p)
			if sign < 0 {
				s.old += e.Stored
			} else {
				s.new += e.Stored
			}
			if p == "/" {
				break
			}
		}
	}
}

// treeOrder lays out the picked directories as a tree: under its nearest
// picked ancestor, siblings in the order of less.
func treeOrder(picked []string, stats map[string]*dirStat,
	less func(a, b string) int) []change.Dir {
	isPicked := map[string]bool{}
	for _, p := range picked {
		isPicked[p] = true
	}

	kids := map[string][]string{}
	for _, p := range picked {
		parent := ""
		for q := p; q != "/"; {
			q = path.Dir(q)
			if isPicked[q] {
				parent = q
				break
			}
		}
		kids[parent] = append(kids[parent], p)
	}

	var out []change.Dir
	var visit func(parent string, depth int)
	visit = func(parent string, depth int) {
		list := kids[parent]
		slices.SortFunc(list, less)
		for _, p := range list {
			s := stats[p]
			out = append(out, change.Dir{Path: p, Depth: depth,
				Old: s.old, New: s.new, Delta: s.delta()})
			visit(p, depth+1)
		}
	}
	visit("", 0)
	return out
}
