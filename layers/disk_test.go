package layers

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// diskFiles lists the names in dir.
func diskFiles(t *testing.T, dir string) []string {
	t.Helper()

	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("listing cache folder: %v", err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func diskImage(t *testing.T) (v1.Image, []*openCounted) {
	base := counted(t, "base", dir("etc"), file("etc/passwd", "root:x:0:0::/root:/bin/sh\n"))
	app := counted(t, "app", file("srv/app", "binary"), hardlink("srv/again", "srv/app"),
		file("etc/.wh.passwd", ""))
	return imageWith(false, base, app), []*openCounted{base, app}
}

func sameLayers(t *testing.T, got, want *Index) {
	t.Helper()

	for i := range want.Layers {
		w, g := want.Layers[i], got.Layers[i]
		if w.Digest != g.Digest || w.Size != g.Size || w.Bytes != g.Bytes ||
			!reflect.DeepEqual(w.Removed, g.Removed) || len(w.Entries) != len(g.Entries) {
			t.Fatalf("layer %d = %+v, want %+v", i, g, w)
		}
		for j := range w.Entries {
			if !reflect.DeepEqual(w.Entries[j], g.Entries[j]) {
				t.Errorf("layer %d entry %d = %+v, want %+v", i, j, g.Entries[j], w.Entries[j])
			}
		}
	}
}

func TestDiskCacheSecondRunOpensNoBlob(t *testing.T) {
	parent := t.TempDir()
	cacheDir := filepath.Join(parent, "cache")
	img, ls := diskImage(t)
	opts := Options{Keep: keepAll, Sniff: sniffAll}

	want := mustWalk(t, img, opts)
	opts.Cache = &Cache{Dir: cacheDir, Version: "v1"}
	first := mustWalk(t, img, opts)
	for _, l := range ls {
		l.opens.Store(0)
	}

	// A new Cache stands for a new run: only the folder is shared.
	opts.Cache = &Cache{Dir: cacheDir, Version: "v1"}
	second := mustWalk(t, img, opts)

	for _, l := range ls {
		if n := l.opens.Load(); n != 0 {
			t.Errorf("layer %s opened %d times on the second run, want 0", l.name, n)
		}
	}
	sameLayers(t, first, want)
	sameLayers(t, second, want)
	if got := second.Lookup("/srv/app"); got == nil || string(got.Content) != "binary" {
		t.Errorf("/srv/app from the cache = %+v, want its kept content", got)
	}
	stored := diskFiles(t, cacheDir)
	if len(stored) != len(ls) {
		t.Errorf("cache folder holds %q, want one file per layer (%d)", stored, len(ls))
	}
	for _, name := range stored {
		if !strings.HasSuffix(name, ".gob") || strings.HasPrefix(name, ".tmp-") {
			t.Errorf("cache folder holds %q, which is no layer's file", name)
		}
	}
	if names := diskFiles(t, parent); len(names) != 1 || names[0] != "cache" {
		t.Errorf("the folder around the cache holds %q, want only the cache", names)
	}
}

func TestDiskCacheMisses(t *testing.T) {
	tests := []struct {
		name   string
		second Options
		spoil  bool
	}{
		{name: "version changed", second: Options{Cache: &Cache{Version: "v2"}}},
		{name: "max keep changed", second: Options{Cache: &Cache{Version: "v1"}, MaxKeep: 1}},
		{name: "corrupt file", second: Options{Cache: &Cache{Version: "v1"}}, spoil: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cacheDir := t.TempDir()
			img, ls := diskImage(t)
			mustWalk(t, img, Options{Cache: &Cache{Dir: cacheDir, Version: "v1"}})
			if tt.spoil {
				for _, name := range diskFiles(t, cacheDir) {
					p := filepath.Join(cacheDir, name)
					if err := os.WriteFile(p, []byte("not a record"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}

			tt.second.Cache.Dir = cacheDir
			got := mustWalk(t, img, tt.second)
			sameLayers(t, got, mustWalk(t, img, Options{MaxKeep: tt.second.MaxKeep}))
			for _, l := range ls {
				if n := l.opens.Load(); n != 3 {
					t.Errorf("layer %s opened %d times, want 3: the cache should miss", l.name, n)
				}
			}

			// What the miss read is stored, and serves the next run.
			for _, l := range ls {
				l.opens.Store(0)
			}
			third := tt.second
			third.Cache = &Cache{Dir: cacheDir, Version: tt.second.Cache.Version}
			mustWalk(t, img, third)
			for _, l := range ls {
				if n := l.opens.Load(); n != 0 {
					t.Errorf("layer %s opened %d times after the miss was stored", l.name, n)
				}
			}
		})
	}
}

func TestDiskCacheStoresOnlyVerifiedReads(t *testing.T) {
	tests := []struct {
		name   string
		diffID v1.Hash
	}{
		{name: "content does not match", diffID: v1.Hash{Algorithm: "sha256",
			Hex: strings.Repeat("ab", 32)}},
		{name: "not sha256", diffID: v1.Hash{Algorithm: "sha512", Hex: strings.Repeat("ab", 64)}},
		{name: "name climbs", diffID: v1.Hash{Algorithm: "sha256", Hex: "../../escape"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			cacheDir := filepath.Join(parent, "cache")
			l := counted(t, "l", file("f", "x"))
			img := &fakeImage{cfg: &v1.ConfigFile{}, layers: []v1.Layer{l}}
			img.cfg.RootFS.DiffIDs = []v1.Hash{tt.diffID}

			// The walk may fail (a mismatch) or pass (taken on trust); either
			// way nothing may be stored.
			Walk(t.Context(), img, Options{Cache: &Cache{Dir: cacheDir}}) //nolint:errcheck

			if names := diskFiles(t, parent); len(names) > 1 ||
				len(names) == 1 && names[0] != "cache" {
				t.Errorf("the folder around the cache holds %q", names)
			}
			if _, err := os.Stat(cacheDir); err == nil {
				if names := diskFiles(t, cacheDir); len(names) != 0 {
					t.Errorf("cache folder holds %q, want nothing", names)
				}
			}
		})
	}
}

func TestDiskCacheConcurrentRuns(t *testing.T) {
	cacheDir := t.TempDir()
	img, _ := diskImage(t)
	want := mustWalk(t, img, Options{Keep: keepAll})

	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			opts := Options{Keep: keepAll, Cache: &Cache{Dir: cacheDir, Version: "v1"}}
			for range 3 {
				ix, err := Walk(t.Context(), img, opts)
				if err != nil {
					t.Errorf("Walk: %v", err)
					return
				}
				if len(ix.Layers) != len(want.Layers) ||
					len(ix.Layers[1].Entries) != len(want.Layers[1].Entries) {
					t.Errorf("concurrent walk read %+v", ix.Layers)
				}
			}
		})
	}
	wg.Wait()

	for _, name := range diskFiles(t, cacheDir) {
		if strings.HasPrefix(name, ".tmp-") {
			t.Errorf("cache folder keeps the temporary file %q", name)
		}
	}
	sameLayers(t, mustWalk(t, img, Options{Keep: keepAll,
		Cache: &Cache{Dir: cacheDir, Version: "v1"}}), want)
}
