package layers

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// memoryBudget is the most an Index may hold per entry, documented in
// doc.go, with room for the paths of the test image to vary.
const memoryBudget = 224

// manyFilesImage builds an image of about files empty files in three
// layers, with paths as long as a distribution's: a base, a layer that
// rewrites a tenth of the base and adds more, and one that deletes a
// folder.
func manyFilesImage(t testing.TB, files int) v1.Image {
	t.Helper()

	name := func(layer, i int) string {
		return fmt.Sprintf("usr/lib/x86_64-linux-gnu/pkg-%04d/l%d-module-%06d.so",
			i%(files/20), layer, i)
	}
	var base, upper []string
	for i := range files * 2 / 3 {
		base = append(base, name(0, i))
	}
	for i := range files / 3 {
		if i%10 == 0 {
			upper = append(upper, name(0, i*2))
			continue
		}
		upper = append(upper, name(1, i))
	}

	var ls []v1.Layer
	for _, names := range [][]string{base, upper, {"usr/lib/x86_64-linux-gnu/.wh.pkg-0001"}} {
		blob := gz(t, emptyFiles(t, names))
		l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(blob)), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
	}
	img, err := mutate.AppendLayers(empty.Image, ls...)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// emptyFiles is a tar of empty regular files.
func emptyFiles(t testing.TB, names []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, n := range names {
		if err := tw.WriteHeader(&tar.Header{Name: n, Typeflag: tar.TypeReg, Mode: 0o644}); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// indexMemory walks img and returns the heap the Index holds per entry of
// its layers, and the bytes of path per entry among them.
func indexMemory(t testing.TB, img v1.Image) (perEntry, pathBytes float64) {
	t.Helper()
	if _, err := img.ConfigFile(); err != nil { // settle what the image caches
		t.Fatal(err)
	}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix := mustWalk(t, img, Options{})
	runtime.GC()
	runtime.ReadMemStats(&after)

	entries, paths := 0, 0
	for _, l := range ix.Layers {
		entries += len(l.Entries)
		for _, e := range l.Entries {
			paths += len(e.Path)
		}
	}
	runtime.KeepAlive(ix)
	held := float64(after.HeapAlloc) - float64(before.HeapAlloc)
	return held / float64(entries), float64(paths) / float64(entries)
}

func BenchmarkIndexMemory(b *testing.B) {
	img := manyFilesImage(b, 60_000)
	var perEntry, pathBytes float64
	for b.Loop() {
		perEntry, pathBytes = indexMemory(b, img)
	}
	b.ReportMetric(perEntry, "B/entry")
	b.ReportMetric(pathBytes, "path-B/entry")
}

func TestIndexMemoryBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 30,000 files")
	}
	perEntry, pathBytes := indexMemory(t, manyFilesImage(t, 30_000))
	t.Logf("%.0f bytes per entry, %.0f of them path", perEntry, pathBytes)
	if perEntry > memoryBudget {
		t.Errorf("the index holds %.0f bytes per entry, more than the budget of %d",
			perEntry, memoryBudget)
	}
}
