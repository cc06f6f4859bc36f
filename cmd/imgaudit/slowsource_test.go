package main_test

import (
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	st "github.com/imgaudit/imgaudit/pkg/source/sourcetest"
)

// startSlowRegistry serves an in-memory registry holding app:1 behind a
// proxy on 127.0.0.1 that trickles every blob, and returns its host:port.
func startSlowRegistry(t *testing.T) string {
	t.Helper()
	reg := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(reg.Close)
	upstream, _ := url.Parse(reg.URL)

	img, err := random.Image(1<<20, 2)
	if err != nil {
		t.Fatal(err)
	}
	tag, err := name.NewTag(upstream.Host+"/app:1", name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(tag, img); err != nil {
		t.Fatalf("pushing %s: %v", tag, err)
	}

	return st.Start(t, upstream.Host, st.Always("blob", &st.Fault{Trickle: true})).Host
}

// startSlowDaemon serves the two calls of the Docker API that exporting an
// image makes, on a unix socket of its own: a ping, and an export that
// trickles testdata/demo.tar. It returns a DOCKER_HOST value.
func startSlowDaemon(t *testing.T) string {
	t.Helper()
	demo, err := os.ReadFile(filepath.Join("..", "..", "testdata", "demo.tar"))
	if err != nil {
		t.Fatal(err)
	}

	// A socket path must be short, so not under t.TempDir's long name.
	dir, err := os.MkdirTemp("", "dockerd")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "d.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}

	stop := make(chan struct{})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/_ping"):
			w.Header().Set("Api-Version", "1.47")
			w.Header().Set("Ostype", "linux")
			io.WriteString(w, "OK")
		case strings.HasSuffix(r.URL.Path, "/images/get"):
			w.Header().Set("Content-Type", "application/x-tar")
			st.Trickle(w, r, demo, stop)
		default:
			http.NotFound(w, r)
		}
	})}
	go srv.Serve(ln)
	t.Cleanup(func() {
		close(stop)
		srv.Close()
	})
	return "unix://" + sock
}
