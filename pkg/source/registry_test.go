package source

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// startRegistry serves an in-memory registry on 127.0.0.1 and returns its
// host:port. With user set, every request needs that user's basic auth.
func startRegistry(t *testing.T, user, pass string) string {
	t.Helper()
	var h http.Handler = registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	if user != "" {
		h = basicAuth(h, user, pass)
	}

	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

func basicAuth(next http.Handler, user, pass string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || u != user || p != pass {
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func push(t *testing.T, ref string, img v1.Image, opts ...remote.Option) {
	t.Helper()
	r, err := name.ParseReference(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(r, img, opts...); err != nil {
		t.Fatalf("pushing %s: %v", ref, err)
	}
}

func pushIndex(t *testing.T, ref string, idx v1.ImageIndex) {
	t.Helper()
	r, err := name.ParseReference(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.WriteIndex(r, idx); err != nil {
		t.Fatalf("pushing %s: %v", ref, err)
	}
}

// noDaemon is an Engine with no images, so plain references go to the
// registry without a real daemon being asked.
type noDaemon struct{}

func (noDaemon) Has(context.Context, string) (bool, error) { return false, nil }

func (noDaemon) Save(context.Context, string, string) (io.ReadCloser, error) {
	return nil, errors.New("no daemon in this test")
}

func TestOpenRegistry(t *testing.T) {
	host := startRegistry(t, "", "")
	img := platformImage(t, amd64)
	push(t, host+"/single:latest", img)
	push(t, host+"/single:v1", img)
	opts := Options{Engine: noDaemon{}}

	tests := []struct {
		name     string
		ref      string
		platform string
		tag      string
		fails    []string // substrings of the error; nil when Open succeeds
		missing  bool
	}{
		{name: "tag", ref: "registry:" + host + "/single:v1", tag: "v1"},
		{name: "no tag means latest", ref: "registry:" + host + "/single", tag: "latest"},
		{name: "plain reference", ref: host + "/single:v1", tag: "v1"},
		{name: "digest", ref: host + "/single@" + mustDigest(t, img).String(), tag: ""},
		{name: "matching platform", ref: host + "/single", platform: "linux/amd64", tag: "latest"},
		{name: "other platform", ref: host + "/single", platform: "linux/arm64",
			fails: []string{`"linux/arm64"`, "available: linux/amd64"}, missing: true},
		{name: "missing tag", ref: "registry:" + host + "/single:nope",
			fails: []string{host, `"` + host + `/single:nope"`}},
		{name: "missing repository", ref: host + "/absent:v1",
			fails: []string{host, `"` + host + `/absent:v1"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts
			o.Platform = tt.platform
			got, err := Open(context.Background(), tt.ref, o)
			if tt.fails != nil {
				if err == nil {
					got.Close()
					t.Fatalf("Open(%q) succeeded, want an error", tt.ref)
				}
				for _, s := range tt.fails {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not contain %s", err, s)
					}
				}
				if errors.Is(err, ErrPlatformNotFound) != tt.missing {
					t.Errorf("error %q: matches ErrPlatformNotFound != %v", err, tt.missing)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open(%q): %v", tt.ref, err)
			}
			defer got.Close()

			if got.Kind != Registry || got.Tag != tt.tag || got.Digest != mustDigest(t, img) {
				t.Errorf("got kind %q tag %q digest %v, want registry %q %v",
					got.Kind, got.Tag, got.Digest, tt.tag, mustDigest(t, img))
			}
			checkLayers(t, got.Image)
		})
	}
}

func TestOpenRegistryIndex(t *testing.T) {
	host := startRegistry(t, "", "")
	for i, tc := range indexCases() {
		t.Run(tc.name, func(t *testing.T) {
			idx, imgs := tc.index(t)
			ref := host + "/multi:case" + string(rune('a'+i))
			pushIndex(t, ref, idx)
			checkChoice(t, tc, imgs, "registry:"+ref, Options{})
		})
	}
}

func TestOpenRegistryAuth(t *testing.T) {
	host := startRegistry(t, "auditor", "s3cret")
	creds := &authn.Basic{Username: "auditor", Password: "s3cret"}
	img := platformImage(t, amd64)
	push(t, host+"/private:v1", img, remote.WithAuth(creds))

	tests := []struct {
		name  string
		auth  string // user:pass written to config.json; "" writes none
		fails bool
	}{
		{name: "credentials from DOCKER_CONFIG", auth: "auditor:s3cret"},
		{name: "wrong password", auth: "auditor:guess", fails: true},
		{name: "no credentials", fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("HOME", t.TempDir())
			t.Setenv("DOCKER_CONFIG", dir)
			cfg := `{"auths":{}}`
			if tt.auth != "" {
				enc := base64.StdEncoding.EncodeToString([]byte(tt.auth))
				cfg = `{"auths":{"` + host + `":{"auth":"` + enc + `"}}}`
			}
			err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o600)
			if err != nil {
				t.Fatal(err)
			}

			got, err := Open(context.Background(), "registry:"+host+"/private:v1", Options{})
			if tt.fails {
				if err == nil {
					got.Close()
					t.Fatal("Open succeeded, want an authentication error")
				}
				if !strings.Contains(err.Error(), host) {
					t.Errorf("error %q does not name the registry", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer got.Close()
			if got.Digest != mustDigest(t, img) {
				t.Errorf("Digest = %v, want %v", got.Digest, mustDigest(t, img))
			}
		})
	}
}

func TestParseReferenceScheme(t *testing.T) {
	tests := []struct {
		name     string
		ref      string
		insecure bool
		scheme   string
	}{
		{"remote registry", "registry.example/app:1", false, "https"},
		{"remote registry, insecure", "registry.example/app:1", true, "http"},
		{"localhost without port", "localhost/app:1", false, "http"},
		{"localhost with port", "localhost:5000/app:1", false, "http"},
		{"loopback", "127.0.0.1:5000/app:1", false, "http"},
		{"other loopback address", "127.0.0.2:5000/app:1", false, "http"},
		{"ipv6 loopback", "[::1]:5000/app:1", false, "http"},
		{"docker hub", "alpine", false, "https"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseReference(tt.ref, tt.insecure)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Context().Scheme(); got != tt.scheme {
				t.Errorf("scheme of %q = %s, want %s", tt.ref, got, tt.scheme)
			}
		})
	}
}
