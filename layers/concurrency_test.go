package layers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// endless is a tar stream that never ends: the same entry over and over.
type endless struct {
	entry []byte
	off   int
	reads int
	after func() // called on the tenth read
}

func (e *endless) Read(p []byte) (int, error) {
	e.reads++
	if e.reads == 10 {
		e.after()
	}
	n := copy(p, e.entry[e.off:])
	e.off = (e.off + n) % len(e.entry)
	return n, nil
}

// streamLayer serves a reader as its blob.
type streamLayer struct {
	fakeLayer
	r io.Reader
}

func (s *streamLayer) Compressed() (io.ReadCloser, error) { return io.NopCloser(s.r), nil }

func TestCancel(t *testing.T) {
	one := tarOf(t, file("f", "x"))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	l := &streamLayer{fakeLayer{name: "endless"}, &endless{entry: one[:1024], after: cancel}}
	img := &fakeImage{cfg: &v1.ConfigFile{}, layers: []v1.Layer{l}}

	done := make(chan error, 1)
	go func() {
		_, err := Walk(ctx, img, Options{})
		done <- err
	}()

	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Walk = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Walk did not return after cancellation")
	}
}

// countingLayer records how many blobs are open at once.
type countingLayer struct {
	fakeLayer
	mu   *sync.Mutex
	open *int
	max  *int
}

func (c *countingLayer) Compressed() (io.ReadCloser, error) {
	c.mu.Lock()
	*c.open++
	*c.max = max(*c.max, *c.open)
	c.mu.Unlock()

	time.Sleep(5 * time.Millisecond)
	return &closer{Reader: bytes.NewReader(c.blob), close: func() {
		c.mu.Lock()
		*c.open--
		c.mu.Unlock()
	}}, nil
}

// closer calls close when closed.
type closer struct {
	io.Reader
	close func()
}

func (c *closer) Close() error {
	c.close()
	return nil
}

func TestConcurrency(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var mu sync.Mutex
			var open, most int
			var ls []v1.Layer
			for i := range 8 {
				blob := tarOf(t, file("shared", fmt.Sprint(i)), file(fmt.Sprintf("f%d", i), "x"))
				ls = append(ls, &countingLayer{fakeLayer{name: fmt.Sprint(i), blob: blob},
					&mu, &open, &most})
			}
			img := &fakeImage{cfg: &v1.ConfigFile{}, layers: ls}

			ix := mustWalk(t, img, Options{Concurrency: n})
			if most > n {
				t.Errorf("%d blobs open at once, want at most %d", most, n)
			}
			if e := ix.Lookup("/shared"); e == nil || e.Layer != 7 || len(ix.Hidden) != 7 {
				t.Errorf("layers not merged in order: /shared from %+v, %d hidden", e, len(ix.Hidden))
			}
		})
	}
}

// zeroReader reads zeros for ever.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestCancelWhileDraining(t *testing.T) {
	// What follows the end of the archive is read too, to the blob's end;
	// a cancelled walk stops reading it.
	trailed := io.MultiReader(bytes.NewReader(tarOf(t, file("f", "x"))), zeroReader{})
	l := &streamLayer{fakeLayer{name: "trailed"}, trailed}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()

	_, err := Walk(ctx, &fakeImage{cfg: &v1.ConfigFile{}, layers: []v1.Layer{l}}, Options{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Walk = %v, want the deadline", err)
	}
}
