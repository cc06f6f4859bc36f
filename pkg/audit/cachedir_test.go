package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/imgaudit/imgaudit/pkg/diff/difftest"
)

// countedImage counts how often any of its layers' blobs is opened.
type countedImage struct {
	v1.Image
	opens *atomic.Int32
}

func (c countedImage) Layers() ([]v1.Layer, error) {
	ls, err := c.Image.Layers()
	if err != nil {
		return nil, err
	}
	out := make([]v1.Layer, len(ls))
	for i, l := range ls {
		out[i] = countedLayer{Layer: l, opens: c.opens}
	}
	return out, nil
}

type countedLayer struct {
	v1.Layer
	opens *atomic.Int32
}

func (c countedLayer) Compressed() (io.ReadCloser, error) {
	c.opens.Add(1)
	return c.Layer.Compressed()
}

// cachedImage is an image whose checks read kept content: users, a
// private key and a token file.
func cachedImage(t *testing.T) (v1.Image, *atomic.Int32) {
	t.Helper()

	const passwd = "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n"
	base := difftest.Layer(t,
		difftest.File{Path: "etc/passwd", Body: passwd},
		difftest.File{Path: "etc/os-release", Body: "ID=alpine\nVERSION_ID=3.20.0\n"})
	app := difftest.Layer(t,
		difftest.File{Path: "app/.npmrc", Body: "//registry.npmjs.org/:_authToken=npm_abcdef\n"},
		difftest.File{Path: "app/id_rsa", Body: "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n"})
	img, err := mutate.AppendLayers(empty.Image, base, app)
	if err != nil {
		t.Fatal(err)
	}
	opens := &atomic.Int32{}
	return countedImage{Image: img, opens: opens}, opens
}

func auditJSON(t *testing.T, img v1.Image, opts Options) []byte {
	t.Helper()

	res, err := Image(context.Background(), img, About{Source: "test"}, opts)
	if err != nil {
		t.Fatalf("Image: %v", err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCacheDirSecondAuditOpensNoBlob(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "cache")
	img, opens := cachedImage(t)

	want := auditJSON(t, img, Options{})
	for _, kept := range []string{"/app/.npmrc", "/app/id_rsa"} {
		if !bytes.Contains(want, []byte(kept)) {
			t.Fatalf("the audit does not mention %s; the image no longer tests kept content", kept)
		}
	}
	opens.Store(0)
	first := auditJSON(t, img, Options{CacheDir: dir})
	if opens.Load() == 0 {
		t.Fatal("the first audit opened no blob; it had nothing cached")
	}
	opens.Store(0)
	second := auditJSON(t, img, Options{CacheDir: dir})

	if n := opens.Load(); n != 0 {
		t.Errorf("the second audit opened %d blobs, want 0", n)
	}
	if !bytes.Equal(first, want) || !bytes.Equal(second, want) {
		t.Errorf("cached results differ from the uncached one:\nuncached %s\nfirst    %s\nsecond   %s",
			want, first, second)
	}
	if des, err := os.ReadDir(parent); err != nil || len(des) != 1 {
		t.Errorf("the folder around the cache holds %v (%v), want only the cache", des, err)
	}
}

func TestCacheDirConcurrentMany(t *testing.T) {
	dir := t.TempDir()
	paths := savedImages(t, 3)
	refs := append(append([]string{}, paths...), paths...)

	var wg sync.WaitGroup
	results := make([][]string, 4)
	for run := range results {
		wg.Go(func() {
			err := Many(context.Background(), refs, 2, Options{CacheDir: dir},
				func(o Outcome) error {
					if o.Err != nil {
						t.Errorf("auditing %s: %v", o.Reference, o.Err)
						return nil
					}
					b, err := json.Marshal(o.Result)
					results[run] = append(results[run], string(b))
					return err
				})
			if err != nil {
				t.Errorf("Many: %v", err)
			}
		})
	}
	wg.Wait()

	for run := 1; run < len(results); run++ {
		if len(results[run]) != len(results[0]) {
			t.Fatalf("run %d gave %d results, run 0 gave %d", run, len(results[run]),
				len(results[0]))
		}
		for i := range results[run] {
			if results[run][i] != results[0][i] {
				t.Errorf("run %d result %d differs from run 0's", run, i)
			}
		}
	}
}
