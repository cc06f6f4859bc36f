package layers

import (
	"fmt"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// benchImage builds four gzip layers of 1,500 files each over 30
// directories; every later layer rewrites a tenth of the files below it and
// whites out one directory.
func benchImage(b *testing.B) v1.Image {
	b.Helper()

	const layers, dirs, files = 4, 30, 1500
	body := make([]byte, 2048)
	blobs := make([][]byte, layers)
	for l := range layers {
		var hs []hdr
		for d := range dirs {
			hs = append(hs, dir(fmt.Sprintf("usr/share/d%02d", d)))
		}
		for f := range files {
			name := fmt.Sprintf("usr/share/d%02d/l%d-f%04d", f%dirs, l, f)
			if l > 0 && f%10 == 0 {
				name = fmt.Sprintf("usr/share/d%02d/l0-f%04d", f%dirs, f)
			}
			hs = append(hs, file(name, string(body[:f%len(body)])))
		}
		if l > 0 {
			hs = append(hs, file(fmt.Sprintf("usr/share/.wh.d%02d", l), ""))
		}
		blobs[l] = gz(b, tarOf(b, hs...))
	}
	return imageOf(b, blobs...)
}

func BenchmarkWalk(b *testing.B) {
	img := benchImage(b)
	b.ReportAllocs()

	for b.Loop() {
		ix, err := Walk(b.Context(), img, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(ix.Layers) != 4 {
			b.Fatalf("layers = %d", len(ix.Layers))
		}
	}
}
