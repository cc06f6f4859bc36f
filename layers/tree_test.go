package layers

import (
	"fmt"
	"io/fs"
	"slices"
	"testing"
)

// hiddenStrings renders ix.Hidden as "path@layer by N deleted|overwritten".
func hiddenStrings(ix *Index) []string {
	var out []string
	for _, h := range ix.Hidden {
		how := "overwritten"
		if h.Deleted {
			how = "deleted"
		}
		out = append(out, fmt.Sprintf("%s@%d by %d %s", h.Entry.Path, h.Entry.Layer, h.By, how))
	}
	return out
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name       string
		layers     [][]hdr
		wantFinal  []string
		wantHidden []string
	}{
		{
			name: "whiteout removes a file",
			layers: [][]hdr{
				{dir("a"), file("a/x", "x"), file("a/y", "y")},
				{file("a/.wh.x", "")},
			},
			wantFinal:  []string{"/a", "/a/y"},
			wantHidden: []string{"/a/x@0 by 1 deleted"},
		},
		{
			name: "whiteout removes a subtree",
			layers: [][]hdr{
				{dir("a"), dir("a/b"), file("a/b/c", "c")},
				{file(".wh.a", "")},
			},
			wantHidden: []string{"/a@0 by 1 deleted", "/a/b@0 by 1 deleted", "/a/b/c@0 by 1 deleted"},
		},
		{
			name: "opaque directory keeps itself and this layer's children",
			layers: [][]hdr{
				{dir("d"), file("d/old", "o"), dir("d/sub"), file("d/sub/x", "x")},
				{dir("d"), file("d/.wh..wh..opq", ""), file("d/new", "n")},
			},
			wantFinal: []string{"/d", "/d/new"},
			wantHidden: []string{
				"/d/old@0 by 1 deleted", "/d/sub@0 by 1 deleted", "/d/sub/x@0 by 1 deleted",
			},
		},
		{
			name: "opaque marker after the layer's own children",
			layers: [][]hdr{
				{dir("d"), file("d/old", "o")},
				{dir("d"), file("d/new", "n"), file("d/.wh..wh..opq", "")},
			},
			wantFinal:  []string{"/d", "/d/new"},
			wantHidden: []string{"/d/old@0 by 1 deleted"},
		},
		{
			name: "whiteout of a path no lower layer has",
			layers: [][]hdr{
				{file("a", "a")},
				{file(".wh.zzz", ""), dir("q"), file("q/.wh.r", ""), file("x/.wh..wh..opq", "")},
			},
			wantFinal: []string{"/a", "/q"},
		},
		{
			name: "whiteout reaches lower layers only",
			layers: [][]hdr{
				{file("keep", "k")},
				{file("x", "x"), file(".wh.x", "")},
			},
			wantFinal: []string{"/keep", "/x"},
		},
		{
			name: "directory whited out and re-created in the same layer",
			layers: [][]hdr{
				{dir("a"), file("a/foo", "f")},
				{file(".wh.a", ""), dir("a"), file("a/baz", "b")},
			},
			wantFinal:  []string{"/a", "/a/baz"},
			wantHidden: []string{"/a@0 by 1 deleted", "/a/foo@0 by 1 deleted"},
		},
		{
			name: "directory whited out and re-created later",
			layers: [][]hdr{
				{dir("a"), file("a/foo", "f")},
				{file(".wh.a", "")},
				{dir("a"), file("a/baz", "b")},
			},
			wantFinal:  []string{"/a", "/a/baz"},
			wantHidden: []string{"/a@0 by 1 deleted", "/a/foo@0 by 1 deleted"},
		},
		{
			name:       "file written again",
			layers:     [][]hdr{{file("f", "one")}, {file("f", "two!")}},
			wantFinal:  []string{"/f"},
			wantHidden: []string{"/f@0 by 1 overwritten"},
		},
		{
			name:       "same path twice in one layer",
			layers:     [][]hdr{{file("f", "1"), file("f", "22")}},
			wantFinal:  []string{"/f"},
			wantHidden: []string{"/f@0 by 0 overwritten"},
		},
		{
			name: "directory replaced by a symlink",
			layers: [][]hdr{
				{dir("d"), file("d/x", "x"), file("d/y", "y")},
				{symlink("d", "/elsewhere")},
			},
			wantFinal: []string{"/d"},
			wantHidden: []string{
				"/d@0 by 1 overwritten", "/d/x@0 by 1 overwritten", "/d/y@0 by 1 overwritten",
			},
		},
		{
			name:       "directory replaced by a file",
			layers:     [][]hdr{{dir("d"), file("d/x", "x")}, {file("d", "now a file")}},
			wantFinal:  []string{"/d"},
			wantHidden: []string{"/d@0 by 1 overwritten", "/d/x@0 by 1 overwritten"},
		},
		{
			name:       "file replaced by a symlink",
			layers:     [][]hdr{{file("f", "data")}, {symlink("f", "g")}},
			wantFinal:  []string{"/f"},
			wantHidden: []string{"/f@0 by 1 overwritten"},
		},
		{
			name:      "directory over a directory",
			layers:    [][]hdr{{dir("d"), file("d/x", "x")}, {dir("d")}},
			wantFinal: []string{"/d", "/d/x"},
		},
		{
			name:       "parent that is a file becomes a directory",
			layers:     [][]hdr{{file("p", "file")}, {file("p/child", "c")}},
			wantFinal:  []string{"/p", "/p/child"},
			wantHidden: []string{"/p@0 by 1 overwritten"},
		},
		{
			name:      "missing parents are implied",
			layers:    [][]hdr{{file("a/b/c", "c")}},
			wantFinal: []string{"/a", "/a/b", "/a/b/c"},
		},
		{
			name:      "paths sort by bytes, not by tree",
			layers:    [][]hdr{{file("a/b", "1"), file("a-c", "2")}},
			wantFinal: []string{"/a", "/a-c", "/a/b"},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blobs := make([][]byte, len(tt.layers))
			for i, hs := range tt.layers {
				blobs[i] = tarOf(t, hs...)
			}
			ix := mustWalk(t, imageOf(t, blobs...), Options{})

			if got := paths(ix); !slices.Equal(got, tt.wantFinal) {
				t.Errorf("final = %q, want %q", got, tt.wantFinal)
			}
			if got := hiddenStrings(ix); !slices.Equal(got, tt.wantHidden) {
				t.Errorf("hidden = %q, want %q", got, tt.wantHidden)
			}
			if ix.LayerBytes() != ix.FinalBytes()+ix.WastedBytes() {
				t.Errorf("layer bytes %d != final %d + wasted %d",
					ix.LayerBytes(), ix.FinalBytes(), ix.WastedBytes())
			}
		})
	}
}

func TestWhiteoutsAreNotEntries(t *testing.T) {
	img := imageOf(t,
		tarOf(t, dir("d"), file("d/x", "x")),
		tarOf(t, dir("d"), file("d/.wh..wh..opq", ""), file(".wh.gone", ""), file("kept", "k")),
	)
	ix := mustWalk(t, img, Options{})

	var got []string
	for _, e := range ix.Layers[1].Entries {
		got = append(got, e.Path)
	}
	if want := []string{"/d", "/kept"}; !slices.Equal(got, want) {
		t.Errorf("entries = %q, want %q", got, want)
	}

	wantRemoved := []Removal{{Path: "/d", Opaque: true}, {Path: "/gone"}}
	if !slices.Equal(ix.Layers[1].Removed, wantRemoved) {
		t.Errorf("removed = %+v, want %+v", ix.Layers[1].Removed, wantRemoved)
	}
}

func TestDirectoryOverDirectoryUpdatesMetadata(t *testing.T) {
	lower := dir("d")
	upper := dir("d")
	upper.mode = 0o1777
	upper.uid = 7
	ix := mustWalk(t, imageOf(t, tarOf(t, lower, file("d/x", "x")), tarOf(t, upper)), Options{})

	d := ix.Lookup("/d")
	if d == nil {
		t.Fatal("no /d")
	}
	if d.Layer != 1 || d.UID != 7 || d.Mode != fs.ModeSticky|0o777 {
		t.Errorf("/d = layer %d uid %d mode %v, want layer 1 uid 7 mode %v",
			d.Layer, d.UID, d.Mode, fs.ModeSticky|0o777)
	}
}

func TestImpliedParents(t *testing.T) {
	ix := mustWalk(t, imageOf(t, tarOf(t, file("a/b/c", "c"))), Options{})

	if n := len(ix.Layers[0].Entries); n != 1 {
		t.Errorf("layer entries = %d, want 1", n)
	}
	for _, p := range []string{"/", "/a", "/a/b"} {
		e := ix.Lookup(p)
		if e == nil || e.Kind != Dir || e.Mode != 0o755 || e.Path != p {
			t.Errorf("Lookup(%q) = %+v, want a 0755 directory", p, e)
		}
	}
}
