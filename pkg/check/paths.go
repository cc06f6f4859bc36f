package check

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dustin/go-humanize"

	"github.com/imgaudit/imgaudit/layers"
)

// showPath writes a path for a message: as it is when it reads plainly,
// quoted when it holds spaces, control characters or bytes that are not
// UTF-8, so that the message still names it exactly.
func showPath(p string) string {
	plain := utf8.ValidString(p) && !strings.ContainsFunc(p, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r)
	})
	if plain {
		return p
	}
	return strconv.Quote(p)
}

// size writes a byte count for a person.
func size(n int64) string {
	return humanize.IBytes(uint64(max(n, 0)))
}

// storedSize writes the bytes an entry takes in its layer, and its apparent
// size as well when the two differ, as for a sparse file.
func storedSize(e *layers.Entry) string {
	if e.Kind != layers.File || e.Hardlink || e.Size == e.Stored {
		return size(e.Stored)
	}
	return fmt.Sprintf("%s stored, %s apparent", size(e.Stored), size(e.Size))
}

// isUnder reports whether p is dir or lies below it.
func isUnder(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+"/") || dir == "/"
}

// ancestors yields the folders above p, nearest first, the root excluded.
func ancestors(p string) []string {
	var out []string
	for d := path.Dir(p); d != "/" && d != "."; d = path.Dir(d) {
		out = append(out, d)
	}
	return out
}

// content returns the entry that holds e's bytes: e itself, or for a hard
// link the file it links to, which a later layer may have removed. It is
// nil when that file is not in the image.
func (in *Input) content(e *layers.Entry) *layers.Entry {
	if !e.Hardlink {
		return e
	}
	in.sourcesOnce.Do(func() { in.sources = gatherSources(in.Index) })

	// The source is the newest copy of the linked path that the link's own
	// layer, or one below it, wrote before the link.
	var src *layers.Entry
	for _, s := range in.sources[e.Link] {
		if s.Layer > e.Layer {
			break
		}
		src = s
	}
	return src
}

// gatherSources lists, for every path some hard link names, the regular
// files written at that path, in layer and archive order.
func gatherSources(ix *layers.Index) map[string][]*layers.Entry {
	out := map[string][]*layers.Entry{}
	for _, l := range ix.Layers {
		for _, e := range l.Entries {
			if e.Hardlink {
				out[e.Link] = nil
			}
		}
	}
	for _, l := range ix.Layers {
		for _, e := range l.Entries {
			if _, wanted := out[e.Path]; wanted && !e.Hardlink && e.Kind == layers.File {
				out[e.Path] = append(out[e.Path], e)
			}
		}
	}
	return out
}
