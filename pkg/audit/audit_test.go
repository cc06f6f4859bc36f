package audit

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/diff/difftest"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// TestCorpus audits every real image file other projects wrote, from the
// path as given.
func TestCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("image corpus not found at %s: %v", dir, err)
	}
	n := 0
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".tar" && !e.IsDir() {
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) {
			res, err := Reference(context.Background(), filepath.Join(dir, e.Name()), Options{})
			if err != nil {
				t.Fatalf("audit failed: %v", err)
			}
			if len(res.Layers) == 0 || res.Image.LayerCount != len(res.Layers) {
				t.Errorf("layers = %d, layerCount = %d", len(res.Layers), res.Image.LayerCount)
			}
			if res.Image.ImageID == "" {
				t.Errorf("image facts incomplete: %+v", res.Image)
			}
			if res.Efficiency <= 0 || res.Efficiency > 1 {
				t.Errorf("efficiency = %v, want (0, 1]", res.Efficiency)
			}
		})
	}
	if n < 10 {
		t.Errorf("audited %d corpus images, the corpus README lists 11", n)
	}
}

func entry(p string, stored int64) *layers.Entry {
	return &layers.Entry{Path: p, Kind: layers.File, Size: stored, Stored: stored}
}

func TestTopPaths(t *testing.T) {
	tests := []struct {
		name    string
		entries []*layers.Entry
		n       int
		want    []result.PathSize
	}{
		{
			name: "files group at depth three",
			entries: []*layers.Entry{
				entry("/usr/lib/gcc/x86_64-linux-gnu/12/cc1", 60),
				entry("/usr/lib/gcc/x86_64-linux-gnu/12/lto1", 50),
				entry("/usr/lib/gcc/x86_64-linux-gnu/13/cc1", 40),
				entry("/usr/bin/gcc-12", 10),
			},
			n: 5,
			want: []result.PathSize{
				{Path: "/usr/lib/gcc/x86_64-linux-gnu", Size: 150},
				{Path: "/usr/bin/gcc-12", Size: 10},
			},
		},
		{
			name: "one child holding most is shown instead",
			entries: []*layers.Entry{
				entry("/var/lib/apt/lists/a_Packages", 90),
				entry("/var/lib/apt/lists/b_Packages", 80),
				entry("/var/lib/apt/extended_states", 5),
			},
			n:    5,
			want: []result.PathSize{{Path: "/var/lib/apt/lists", Size: 170}},
		},
		{
			name: "n cuts the list",
			entries: []*layers.Entry{
				entry("/a", 1), entry("/b", 3), entry("/c", 2),
			},
			n:    2,
			want: []result.PathSize{{Path: "/b", Size: 3}, {Path: "/c", Size: 2}},
		},
		{
			name: "hard links and empty files do not count",
			entries: []*layers.Entry{
				entry("/x", 7),
				{Path: "/y", Kind: layers.File, Size: 7, Hardlink: true},
				entry("/z", 0),
			},
			n:    5,
			want: []result.PathSize{{Path: "/x", Size: 7}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := topPaths(tt.entries, tt.n)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFolders checks that folders count the final filesystem only: a file
// a later layer deleted no longer weighs on its folder.
func TestFolders(t *testing.T) {
	img := difftest.Image(t, v1.Config{},
		difftest.Layer(t,
			difftest.Sized("usr/lib/gcc/cc1", 300, 'a'),
			difftest.Sized("usr/lib/libc.so", 200, 'b'),
			difftest.Sized("srv/app/server", 100, 'c'),
			difftest.Sized("top", 50, 'd')),
		difftest.Layer(t, difftest.Sized("usr/lib/gcc/.wh.cc1", 0, 0)))

	res, err := Image(context.Background(), img, About{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []result.PathSize{{Path: "/usr/lib", Size: 200}, {Path: "/srv/app", Size: 100},
		{Path: "/", Size: 50}}
	if !slices.Equal(res.Folders, want) {
		t.Errorf("folders = %v, want %v", res.Folders, want)
	}
}
