package layers

import (
	"errors"
	"io"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// openCounted counts how often its blob is opened, and can refuse the
// first opens or be slow to open.
type openCounted struct {
	fakeLayer
	opens  atomic.Int32
	refuse int32 // opens refused before the blob is served
	delay  time.Duration
}

func (o *openCounted) Compressed() (io.ReadCloser, error) {
	n := o.opens.Add(1)
	if n <= o.refuse {
		return nil, errors.New("connection reset")
	}
	time.Sleep(o.delay)
	return o.fakeLayer.Compressed()
}

// described also describes its blob, as registry and layout layers do.
type described struct {
	*openCounted
	desc v1.Descriptor
}

func (d *described) Descriptor() (*v1.Descriptor, error) { return &d.desc, nil }

func counted(t *testing.T, name string, hs ...hdr) *openCounted {
	blob := tarOf(t, hs...)
	return &openCounted{fakeLayer: fakeLayer{name: name, blob: blob, mt: types.DockerLayer}}
}

// imageWith serves ls with a config that gives their diff IDs, unless bare.
func imageWith(bare bool, ls ...v1.Layer) v1.Image {
	cfg := &v1.ConfigFile{}
	for _, l := range ls {
		if !bare {
			d, _ := l.DiffID()
			cfg.RootFS.DiffIDs = append(cfg.RootFS.DiffIDs, d)
		}
	}
	return &fakeImage{cfg: cfg, layers: ls}
}

func TestCacheReadsSharedLayerOnce(t *testing.T) {
	// The shared layer hard-links /app/lib to /base/lib, a file each base
	// writes with its own size, and sits at a different index in each image.
	baseA := counted(t, "baseA", dir("base"), file("base/lib", "12345"))
	baseB := counted(t, "baseB", dir("base"), file("base/lib", "123456789"))
	extra := counted(t, "extra", file("extra", "x"))
	shared := counted(t, "shared", dir("app"), hardlink("app/lib", "base/lib"),
		file("app/run", "go"))

	tests := []struct {
		name       string
		bare       bool
		wantShared int32
	}{
		{name: "diff IDs known", wantShared: 1},
		{name: "config without diff IDs", bare: true, wantShared: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, l := range []*openCounted{baseA, baseB, extra, shared} {
				l.opens.Store(0)
			}
			cache := &Cache{}
			ixA := mustWalk(t, imageWith(tt.bare, baseA, shared), Options{Cache: cache})
			ixB := mustWalk(t, imageWith(tt.bare, baseB, extra, shared), Options{Cache: cache})

			if got := shared.opens.Load(); got != tt.wantShared {
				t.Errorf("shared blob opened %d times, want %d", got, tt.wantShared)
			}
			if got := baseA.opens.Load() + baseB.opens.Load(); got != 2 {
				t.Errorf("base blobs opened %d times, want 2", got)
			}

			libA, libB := ixA.Lookup("/app/lib"), ixB.Lookup("/app/lib")
			if libA == nil || libB == nil || libA.Size != 5 || libB.Size != 9 {
				t.Fatalf("hard link sizes = %+v and %+v, want 5 and 9", libA, libB)
			}
			if libA.Layer != 1 || libB.Layer != 2 {
				t.Errorf("hard link layers = %d and %d, want 1 and 2", libA.Layer, libB.Layer)
			}
			if ixB.Layers[2].Bytes != ixA.Layers[1].Bytes || ixB.Layers[2].Bytes == 0 {
				t.Errorf("shared layer bytes = %d and %d", ixA.Layers[1].Bytes, ixB.Layers[2].Bytes)
			}
		})
	}
}

func TestCacheSameAsUncached(t *testing.T) {
	base := counted(t, "base", file("etc/passwd", "root:x:0:0::/root:/bin/sh\n"))
	app := counted(t, "app", file("srv/app", "binary"), hardlink("srv/again", "srv/app"))
	img := imageWith(false, base, app)

	want := mustWalk(t, img, Options{})
	cache := &Cache{}
	mustWalk(t, img, Options{Cache: cache})
	got := mustWalk(t, img, Options{Cache: cache})

	for i := range want.Layers {
		w, g := want.Layers[i], got.Layers[i]
		if w.Digest != g.Digest || w.Size != g.Size || w.Bytes != g.Bytes ||
			len(w.Entries) != len(g.Entries) {
			t.Errorf("layer %d = %+v, want %+v", i, g, w)
		}
		for j := range w.Entries {
			if !reflect.DeepEqual(w.Entries[j], g.Entries[j]) {
				t.Errorf("layer %d entry %d = %+v, want %+v", i, j, g.Entries[j], w.Entries[j])
			}
		}
	}
}

func TestCacheConcurrentWalks(t *testing.T) {
	shared := counted(t, "shared", file("big", "content"))
	shared.delay = 20 * time.Millisecond
	cache := &Cache{}

	var wg sync.WaitGroup
	for i := range 4 {
		own := counted(t, string(rune('a'+i)), file("own", "x"))
		wg.Go(func() {
			ix, err := Walk(t.Context(), imageWith(false, shared, own), Options{Cache: cache})
			if err != nil {
				t.Errorf("Walk: %v", err)
				return
			}
			if e := ix.Lookup("/big"); e == nil || e.Size != 7 {
				t.Errorf("/big = %+v", e)
			}
		})
	}
	wg.Wait()

	if got := shared.opens.Load(); got != 1 {
		t.Errorf("shared blob opened %d times by four walks, want 1", got)
	}
}

func TestCacheDoesNotKeepFailures(t *testing.T) {
	shared := counted(t, "shared", file("f", "x"))
	shared.refuse = 1
	cache := &Cache{}

	if _, err := Walk(t.Context(), imageWith(false, shared), Options{Cache: cache}); err == nil {
		t.Fatal("Walk succeeded on a blob that could not be opened")
	}
	ix := mustWalk(t, imageWith(false, shared), Options{Cache: cache})
	if ix.Lookup("/f") == nil || shared.opens.Load() != 2 {
		t.Errorf("after a failed read: /f = %v, %d opens, want the blob read again",
			ix.Lookup("/f"), shared.opens.Load())
	}
}

func TestCacheKeepsEachImagesBlob(t *testing.T) {
	// One diff ID stored three ways: uncompressed by one image, gzipped by
	// another that states its blob's digest, and gzipped by a third that
	// states nothing. The uncompressed read's content is checked against
	// the diff ID, so it stands for the third layer, which would be checked
	// the same way; the second is checked by its digest, so it is read.
	plain := counted(t, "layer", file("f", "hello"))
	blob := gz(t, plain.blob)
	zipped := &described{openCounted: &openCounted{fakeLayer: fakeLayer{name: "layer",
		blob: blob, mt: types.DockerLayer}},
		desc: v1.Descriptor{Digest: sha256Of(blob), Size: int64(len(blob))}}
	bare := &openCounted{fakeLayer: fakeLayer{name: "layer", blob: blob, mt: types.DockerLayer}}

	cache := &Cache{}
	first := mustWalk(t, imageWith(false, plain), Options{Cache: cache})
	second := mustWalk(t, imageWith(false, zipped), Options{Cache: cache})
	mustWalk(t, imageWith(false, bare), Options{Cache: cache})

	if zipped.opens.Load() != 1 || bare.opens.Load() != 0 {
		t.Errorf("blobs opened: %d stated, %d bare; want 1 and 0",
			zipped.opens.Load(), bare.opens.Load())
	}
	if got := second.Layers[0]; got.Digest != zipped.desc.Digest || got.Size != zipped.desc.Size {
		t.Errorf("second image's blob = %s, %d bytes; want its own %s, %d bytes",
			got.Digest, got.Size, zipped.desc.Digest, zipped.desc.Size)
	}
	if first.Layers[0].Size != int64(len(plain.blob)) {
		t.Errorf("first image's blob size = %d, want %d", first.Layers[0].Size, len(plain.blob))
	}
}

func TestCacheReusesOnlyWhatStandsForTheLayer(t *testing.T) {
	// Two images claim one diff ID for different blobs, which a read that
	// checks only each blob's stated digest cannot tell apart. The real
	// layer's findings must not come from the impostor's read, in memory or
	// from disk.
	realID := sha256Of(tarOf(t, file("etc/shadow", "root:secret")))
	zipped := func(name string, hs ...hdr) *described {
		blob := gz(t, tarOf(t, hs...))
		return &described{openCounted: &openCounted{fakeLayer: fakeLayer{name: name, blob: blob,
			mt: types.DockerLayer}}, desc: v1.Descriptor{Digest: sha256Of(blob), Size: int64(len(blob))}}
	}
	impostor := zipped("impostor", file("etc/motd", "hello"))
	claiming := func(l v1.Layer) v1.Image {
		return &fakeImage{cfg: configWith(realID), layers: []v1.Layer{l}}
	}

	for _, dir := range []string{"", t.TempDir()} {
		name := "in memory"
		if dir != "" {
			name = "on disk"
		}
		t.Run(name, func(t *testing.T) {
			cache := &Cache{Dir: dir}
			mustWalk(t, claiming(impostor), Options{Cache: cache})
			if dir != "" {
				cache = &Cache{Dir: dir} // a later run
			}

			// The impostor's very blob, stated again, is the same bytes.
			again := zipped("impostor", file("etc/motd", "hello"))
			ix := mustWalk(t, claiming(again), Options{Cache: cache})
			if again.opens.Load() != 0 || ix.Lookup("/etc/motd") == nil {
				t.Errorf("same blob: %d opens, /etc/motd = %v; want the cached read",
					again.opens.Load(), ix.Lookup("/etc/motd"))
			}

			honest := zipped("real", file("etc/shadow", "root:secret"))
			ix = mustWalk(t, claiming(honest), Options{Cache: cache})
			if honest.opens.Load() != 1 || ix.Lookup("/etc/shadow") == nil {
				t.Errorf("honest layer: %d opens, /etc/shadow = %v; want its own blob read",
					honest.opens.Load(), ix.Lookup("/etc/shadow"))
			}
		})
	}
}

func TestCacheHitRestsOnTheLayersOwnClaim(t *testing.T) {
	// An image states its blob's digest, which is checked, and claims the
	// diff ID of another layer's content, which is not. The cache holds a
	// read of that other content, checked against the diff ID: it must not
	// stand in for the image's blob, or the key it ships would go unseen.
	innocent := counted(t, "innocent", file("etc/motd", "hello"))
	claimed := sha256Of(innocent.blob)
	keyBlob := gz(t, tarOf(t, file("root/.ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----")))
	hiding := func() *described {
		return &described{openCounted: &openCounted{fakeLayer: fakeLayer{name: "hiding",
			blob: keyBlob, mt: types.DockerLayer}},
			desc: v1.Descriptor{Digest: sha256Of(keyBlob), Size: int64(len(keyBlob))}}
	}
	image := func(l v1.Layer) v1.Image {
		return &fakeImage{cfg: configWith(claimed), layers: []v1.Layer{l}}
	}

	dir := t.TempDir()
	for name, cache := range map[string]func() *Cache{
		"in memory": func() *Cache { return &Cache{} },
		"on disk":   func() *Cache { return &Cache{Dir: dir} },
	} {
		t.Run(name, func(t *testing.T) {
			c := cache()
			mustWalk(t, image(innocent), Options{Cache: c})
			if name == "on disk" {
				c = cache() // a later run
			}
			l := hiding()
			ix := mustWalk(t, image(l), Options{Cache: c})
			if l.opens.Load() != 1 || ix.Lookup("/root/.ssh/id_rsa") == nil {
				t.Errorf("%d opens, /root/.ssh/id_rsa = %v; want the image's own blob read",
					l.opens.Load(), ix.Lookup("/root/.ssh/id_rsa"))
			}
		})
	}
}
