package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// fakeEngine serves one docker save tarball for any reference it holds.
type fakeEngine struct {
	archive []byte // what Save streams
	holds   bool   // what Has answers
	hasErr  error  // returned by Has
	saveErr error  // returned by Save
	cutAt   int    // when > 0, the stream fails after this many bytes

	saves    int
	platform string
}

func (f *fakeEngine) Has(context.Context, string) (bool, error) {
	return f.holds, f.hasErr
}

func (f *fakeEngine) Save(_ context.Context, _, platform string) (io.ReadCloser, error) {
	f.saves++
	f.platform = platform
	if f.saveErr != nil {
		return nil, f.saveErr
	}

	var r io.Reader = bytes.NewReader(f.archive)
	if f.cutAt > 0 {
		cut := errors.New("connection reset")
		r = io.MultiReader(bytes.NewReader(f.archive[:f.cutAt]), &failing{cut})
	}
	return io.NopCloser(r), nil
}

type failing struct{ err error }

func (f *failing) Read([]byte) (int, error) { return 0, f.err }

// saveArchive is a docker save tarball of img tagged tag.
func saveArchive(t *testing.T, tag string, img v1.Image) []byte {
	t.Helper()
	r, err := name.NewTag(tag)
	if err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	if err := tarball.Write(r, img, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOpenDaemon(t *testing.T) {
	img := platformImage(t, amd64)
	archive := saveArchive(t, "app:v2", img)

	tests := []struct {
		name     string
		ref      string
		engine   fakeEngine
		platform string
		tag      string
		fails    string // substring of the error; "" when Open succeeds
	}{
		{name: "tagged", ref: "docker:app:v2", engine: fakeEngine{archive: archive}, tag: "v2"},
		{name: "untagged means latest", ref: "docker:app",
			engine: fakeEngine{archive: archive}, tag: "latest"},
		{name: "image id has no tag", ref: "docker:sha256:" + strings.Repeat("ab", 32),
			engine: fakeEngine{archive: archive}, tag: ""},
		{name: "plain reference the daemon holds", ref: "app:v2",
			engine: fakeEngine{archive: archive, holds: true}, tag: "v2"},
		{name: "platform passed on", ref: "docker:app:v2", platform: "linux/amd64",
			engine: fakeEngine{archive: archive}, tag: "v2"},
		{name: "save fails", ref: "docker:app:v2",
			engine: fakeEngine{saveErr: errors.New("no such image")}, fails: "no such image"},
		{name: "stream cut", ref: "docker:app:v2",
			engine: fakeEngine{archive: archive, cutAt: 1000}, fails: "connection reset"},
		{name: "not an archive", ref: "docker:app:v2",
			engine: fakeEngine{archive: []byte("garbage")}, fails: "not an image"},
		{name: "other platform", ref: "docker:app:v2", platform: "linux/arm64",
			engine: fakeEngine{archive: archive}, fails: "available: linux/amd64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			eng := tt.engine
			opts := Options{Engine: &eng, TempDir: tmp, Platform: tt.platform}

			got, err := Open(context.Background(), tt.ref, opts)
			if eng.saves != 1 {
				t.Errorf("exported %d times, want once", eng.saves)
			}
			if eng.platform != tt.platform {
				t.Errorf("asked the daemon for platform %q, want %q", eng.platform, tt.platform)
			}
			if tt.fails != "" {
				if err == nil {
					got.Close()
					t.Fatalf("Open(%q) succeeded, want an error", tt.ref)
				}
				if !strings.Contains(err.Error(), tt.fails) {
					t.Errorf("error %q does not contain %q", err, tt.fails)
				}
				if left := dirEntries(t, tmp); len(left) != 0 {
					t.Errorf("failure left %v behind", left)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open(%q): %v", tt.ref, err)
			}

			if got.Kind != Daemon || got.Tag != tt.tag {
				t.Errorf("Kind %q Tag %q, want docker %q", got.Kind, got.Tag, tt.tag)
			}
			checkLayers(t, got.Image)
			if n := len(dirEntries(t, tmp)); n != 1 {
				t.Errorf("%d files in the temporary folder while open, want the export", n)
			}

			if err := got.Close(); err != nil {
				t.Fatal(err)
			}
			if left := dirEntries(t, tmp); len(left) != 0 {
				t.Errorf("Close left %v behind", left)
			}
			if err := got.Close(); err != nil {
				t.Errorf("closing twice: %v", err)
			}
		})
	}
}

func TestOpenPlainFallsBackToRegistry(t *testing.T) {
	host := startRegistry(t, "", "")
	img := platformImage(t, amd64)
	push(t, host+"/app:v1", img)
	ref := host + "/app:v1"

	tests := []struct {
		name   string
		engine Engine
	}{
		{"daemon lacks the image", &fakeEngine{}},
		{"daemon unreachable", &fakeEngine{hasErr: errors.New("dial unix: no such file")}},
		{"no daemon at DOCKER_HOST", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A socket path in a fresh folder: nothing listens there.
			sock := filepath.Join(t.TempDir(), "docker.sock")
			t.Setenv("DOCKER_HOST", "unix://"+sock)

			start := time.Now()
			got := openT(t, ref, Options{Engine: tt.engine, TempDir: t.TempDir()})
			if got.Kind != Registry || got.Digest != mustDigest(t, img) {
				t.Errorf("got %q %v, want the registry's %v",
					got.Kind, got.Digest, mustDigest(t, img))
			}
			if f, ok := tt.engine.(*fakeEngine); ok && f.saves != 0 {
				t.Errorf("exported %d times from a daemon without the image", f.saves)
			}
			if took := time.Since(start); took > probeTimeout {
				t.Errorf("took %v, want a quick probe", took)
			}
		})
	}
}

func TestOpenDaemonUnreachable(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("DOCKER_HOST", "unix://"+filepath.Join(t.TempDir(), "docker.sock"))

	_, err := Open(context.Background(), "docker:app:v1", Options{TempDir: tmp})
	if err == nil {
		t.Fatal("Open succeeded without a daemon")
	}
	if !strings.Contains(err.Error(), `"app:v1"`) {
		t.Errorf("error %q does not quote the reference", err)
	}
	if left := dirEntries(t, tmp); len(left) != 0 {
		t.Errorf("failure left %v behind", left)
	}
}
