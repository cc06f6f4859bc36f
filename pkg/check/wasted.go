package check

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// waste is what later layers hid at one path: a file, or a folder that one
// whiteout removed with everything below it.
type waste struct {
	path    string
	bytes   int64
	size    int64 // apparent size, which a sparse file makes bigger than bytes
	files   int
	added   []int // layers that wrote the hidden copies
	by      []int // layers that hid them
	deleted bool
}

// wastes groups the hidden copies by path, biggest first. A copy that a
// whiteout or an opaque folder removed counts towards the removed folder,
// and one that a later layer rewrote along with its whole folder (chown -R,
// chmod -R) towards that folder.
func (in *Input) wastes() []*waste {
	removed := map[int]map[string]bool{} // each hiding layer's removals, by path
	rewritten := in.rewriteRoots()
	byPath := map[string]*waste{}
	var order []*waste
	for _, h := range in.Index.Hidden {
		p := h.Entry.Path
		if h.Deleted {
			if removed[h.By] == nil {
				removed[h.By] = removals(in.Index.Layers[h.By].Removed)
			}
			p = removalRoot(p, removed[h.By])
		} else if root, ok := rewritten[h.Entry]; ok {
			p = root
		}
		w := byPath[p]
		if w == nil {
			w = &waste{path: p}
			byPath[p] = w
			order = append(order, w)
		}
		w.bytes += h.Entry.Stored
		if h.Entry.Kind == layers.File {
			w.files++
			w.size += max(h.Entry.Size, h.Entry.Stored)
		}
		w.added = addLayer(w.added, h.Entry.Layer)
		w.by = addLayer(w.by, h.By)
		w.deleted = w.deleted || h.Deleted
	}
	slices.SortStableFunc(order, func(a, b *waste) int {
		return cmp.Or(cmp.Compare(b.bytes, a.bytes), strings.Compare(a.path, b.path))
	})
	return order
}

func removals(rms []layers.Removal) map[string]bool {
	set := make(map[string]bool, len(rms))
	for _, rm := range rms {
		set[rm.Path] = true
	}
	return set
}

// removalRoot returns the path of the whiteout that deleted the copy at p:
// p itself or the outermost folder above it that the layer removed.
func removalRoot(p string, removed map[string]bool) string {
	root := p
	for _, d := range ancestors(p) {
		if removed[d] {
			root = d
		}
	}
	return root
}

// layerPair is a layer that wrote a copy and the layer that overwrote it.
type layerPair struct{ added, by int }

// rewriteRoots maps each overwritten copy that lies in a rewritten folder
// to the outermost such folder: one below which one later layer overwrote
// every entry (folders aside) that an earlier layer wrote, two files at
// least, as chown -R or chmod -R of a copied tree does. Copies in no such
// folder are not in the map.
func (in *Input) rewriteRoots() map[*layers.Entry]string {
	over := map[layerPair]map[string]int{}  // overwritten entries below each folder
	files := map[layerPair]map[string]int{} // of which files
	for _, h := range in.Index.Hidden {
		e := h.Entry
		if h.Deleted || e.Kind == layers.Dir {
			continue
		}
		lp := layerPair{e.Layer, h.By}
		if over[lp] == nil {
			over[lp], files[lp] = map[string]int{}, map[string]int{}
		}
		for _, d := range ancestors(e.Path) {
			over[lp][d]++
			if e.Kind == layers.File {
				files[lp][d]++
			}
		}
	}
	if len(over) == 0 {
		return nil
	}

	written := map[int]map[string]int{} // entries each adding layer wrote below each folder
	for lp := range over {
		if written[lp.added] != nil || lp.added >= len(in.Index.Layers) {
			continue
		}
		w := map[string]int{}
		for _, e := range in.Index.Layers[lp.added].Entries {
			if e.Kind != layers.Dir {
				for _, d := range ancestors(e.Path) {
					w[d]++
				}
			}
		}
		written[lp.added] = w
	}

	roots := map[*layers.Entry]string{}
	for _, h := range in.Index.Hidden {
		e := h.Entry
		if h.Deleted || e.Kind == layers.Dir {
			continue
		}
		lp := layerPair{e.Layer, h.By}
		rewrote := func(d string) bool {
			return files[lp][d] >= 2 && over[lp][d] == written[lp.added][d]
		}
		outer := ""
		for _, d := range ancestors(e.Path) {
			if rewrote(d) {
				outer = d
			}
		}
		if outer == "" {
			continue
		}
		// Name the narrowest folder that holds as much: /home/node/app,
		// not /home, when the layer wrote nothing else below /home.
		for _, d := range ancestors(e.Path) {
			if rewrote(d) && over[lp][d] == over[lp][outer] {
				roots[e] = d
				break
			}
		}
	}
	return roots
}

func addLayer(ls []int, l int) []int {
	if i, found := slices.BinarySearch(ls, l); !found {
		ls = slices.Insert(ls, i, l)
	}
	return ls
}

func (w *waste) String() string {
	amount := size(w.bytes)
	if w.size > w.bytes {
		amount = fmt.Sprintf("%s stored, %s apparent", size(w.bytes), size(w.size))
	}
	verb := "overwritten"
	if w.deleted {
		verb = "deleted"
	}
	if w.files > 1 {
		amount += fmt.Sprintf(" in %d files", w.files)
	}
	return fmt.Sprintf("%s %s (written by %s, %s by %s)",
		showPath(w.path), amount, layerList(w.added), verb, layerList(w.by))
}

// layerList writes "layer 2" or "layers 1, 3".
func layerList(ls []int) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = strconv.Itoa(l)
	}
	if len(ls) == 1 {
		return "layer " + s[0]
	}
	return "layers " + strings.Join(s, ", ")
}

// percentOf is part over whole in percent; 0 for an empty whole.
func percentOf(part, whole int64) float64 {
	if whole <= 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}

func wastedSpace(in *Input) []result.Finding {
	wasted, image := in.Index.WastedBytes(), in.Index.LayerBytes()
	pct := percentOf(wasted, image)
	o := in.opts
	over := (o.WastedBytes >= 0 && wasted > o.WastedBytes) ||
		(o.WastedPercent >= 0 && pct > o.WastedPercent)
	if wasted == 0 || !over {
		return nil
	}

	ws := in.wastes()
	top := make([]string, 0, o.WastedPaths)
	advice := "delete files in the same RUN that creates them"
	for _, w := range ws {
		if len(top) == o.WastedPaths || w.bytes == 0 {
			break
		}
		top = append(top, w.String())
		if !w.deleted && w.files > 1 {
			advice = "set owner and mode in the COPY (--chown, --chmod) rather than " +
				"with a later chown -R or chmod -R, delete files in the RUN that creates them"
		}
	}
	f := result.Finding{Severity: result.Medium, Bytes: wasted, Message: fmt.Sprintf(
		"%s (%.1f%% of the image) is shipped but hidden by later layers; biggest: %s; "+
			"%s, or build in a separate stage",
		size(wasted), pct, strings.Join(top, "; "), advice)}
	return []result.Finding{in.at(f, &layers.Entry{Path: ws[0].path, Layer: ws[0].added[0]})}
}
