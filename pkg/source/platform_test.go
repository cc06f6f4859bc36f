package source

import (
	"archive/tar"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

var (
	amd64 = v1.Platform{OS: "linux", Architecture: "amd64"}
	arm64 = v1.Platform{OS: "linux", Architecture: "arm64"}
	s390x = v1.Platform{OS: "linux", Architecture: "s390x"}
)

func TestOpenPlatformCorpus(t *testing.T) {
	p := filepath.Join(corpusDir(t), "stereoscope-multiplatform-oci-dir")

	tests := []struct {
		name    string
		want    string
		arch    string
		missing bool
	}{
		{"default is amd64", "", "amd64", false},
		{"amd64", "linux/amd64", "amd64", false},
		{"arm64", "linux/arm64", "arm64", false},
		{"arm64 with its implied variant", "linux/arm64/v8", "arm64", false},
		{"missing platform", "linux/s390x", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := Open(context.Background(), p, Options{Platform: tt.want})
			if tt.missing {
				if !errors.Is(err, ErrPlatformNotFound) {
					t.Fatalf("Open: err = %v, want ErrPlatformNotFound", err)
				}
				for _, s := range []string{`"linux/s390x"`, "linux/amd64, linux/arm64"} {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not name %s", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer img.Close()

			cfg, err := img.ConfigFile()
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Architecture != tt.arch || img.Platform.Architecture != tt.arch {
				t.Errorf("config arch %q, Platform %v, want %s",
					cfg.Architecture, img.Platform, tt.arch)
			}
		})
	}
}

// indexCase is an index built in code and what choosing from it must give.
type indexCase struct {
	name    string
	index   func(t *testing.T) (v1.ImageIndex, map[string]v1.Image)
	want    string // Options.Platform
	pick    string // key of the image that must be chosen; "" for an error
	missing bool   // the error must match ErrPlatformNotFound
}

// manifestsIndex is an index of the given images, each described with its
// platform when describe is set, plus an attestation when attest is set.
func manifestsIndex(t *testing.T, describe, attest bool, ps ...v1.Platform) (
	v1.ImageIndex, map[string]v1.Image) {
	t.Helper()
	imgs := map[string]v1.Image{}
	var adds []mutate.IndexAddendum
	for _, p := range ps {
		img := platformImage(t, p)
		imgs[platformString(p)] = img

		add := mutate.IndexAddendum{Add: img}
		if describe {
			add.Descriptor.Platform = &p
		}
		adds = append(adds, add)
	}

	if attest {
		adds = append(adds, mutate.IndexAddendum{
			Add: platformImage(t, v1.Platform{}),
			Descriptor: v1.Descriptor{
				Platform:    &v1.Platform{OS: "unknown", Architecture: "unknown"},
				Annotations: map[string]string{attestationKey: "attestation-manifest"},
			},
		})
	}
	return mutate.AppendManifests(empty.Index, adds...), imgs
}

func indexCases() []indexCase {
	return []indexCase{
		{name: "only real image beside an attestation", pick: "linux/arm64",
			index: func(t *testing.T) (v1.ImageIndex, map[string]v1.Image) {
				return manifestsIndex(t, true, true, arm64)
			}},
		{name: "two images default to amd64", pick: "linux/amd64",
			index: func(t *testing.T) (v1.ImageIndex, map[string]v1.Image) {
				return manifestsIndex(t, true, true, arm64, amd64)
			}},
		{name: "platform asked for", want: "linux/arm64", pick: "linux/arm64",
			index: func(t *testing.T) (v1.ImageIndex, map[string]v1.Image) {
				return manifestsIndex(t, true, true, amd64, arm64)
			}},
		{name: "platform read from configs", want: "linux/arm64", pick: "linux/arm64",
			index: func(t *testing.T) (v1.ImageIndex, map[string]v1.Image) {
				return manifestsIndex(t, false, false, amd64, arm64)
			}},
		{name: "nested index", want: "linux/arm64", pick: "linux/arm64",
			index: func(t *testing.T) (v1.ImageIndex, map[string]v1.Image) {
				inner, imgs := manifestsIndex(t, true, true, amd64, arm64)
				return mutate.AppendManifests(empty.Index, mutate.IndexAddendum{Add: inner}), imgs
			}},
		{name: "no default among others", missing: true,
			index: func(t *testing.T) (v1.ImageIndex, map[string]v1.Image) {
				return manifestsIndex(t, true, false, arm64, s390x)
			}},
		{name: "attestation never chosen", want: "unknown/unknown", missing: true,
			index: func(t *testing.T) (v1.ImageIndex, map[string]v1.Image) {
				return manifestsIndex(t, true, true, amd64)
			}},
		{name: "malformed platform", want: "linux",
			index: func(t *testing.T) (v1.ImageIndex, map[string]v1.Image) {
				return manifestsIndex(t, true, false, amd64, arm64)
			}},
	}
}

// layoutSources writes idx as an OCI layout folder and as an oci-archive
// and returns the references that open each.
func layoutSources(t *testing.T, idx v1.ImageIndex) map[string]string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "layout")
	if _, err := layout.Write(dir, idx); err != nil {
		t.Fatal(err)
	}

	archive := filepath.Join(t.TempDir(), "layout.tar")
	f, err := os.Create(archive)
	if err != nil {
		t.Fatal(err)
	}
	tw := tar.NewWriter(f)
	if err := tw.AddFS(os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"oci-dir": dir, "oci-archive": archive}
}

// checkChoice opens ref and checks the outcome against tc.
func checkChoice(t *testing.T, tc indexCase, imgs map[string]v1.Image, ref string, opts Options) {
	t.Helper()
	opts.Platform = tc.want
	img, err := Open(context.Background(), ref, opts)
	if tc.pick == "" {
		if err == nil {
			img.Close()
			t.Fatalf("Open(%q) chose %v, want an error", ref, img.Digest)
		}
		if errors.Is(err, ErrPlatformNotFound) != tc.missing {
			t.Errorf("error %q: matches ErrPlatformNotFound = %v, want %v",
				err, !tc.missing, tc.missing)
		}
		return
	}
	if err != nil {
		t.Fatalf("Open(%q): %v", ref, err)
	}
	defer img.Close()

	want := imgs[tc.pick]
	if img.Digest != mustDigest(t, want) {
		t.Errorf("chose %v, want the %s image %v", img.Digest, tc.pick, mustDigest(t, want))
	}
	if got := platformString(img.Platform); got != tc.pick {
		t.Errorf("Platform = %s, want %s", got, tc.pick)
	}
}

func TestOpenLayoutPlatforms(t *testing.T) {
	for _, tc := range indexCases() {
		t.Run(tc.name, func(t *testing.T) {
			idx, imgs := tc.index(t)
			for kind, ref := range layoutSources(t, idx) {
				t.Run(kind, func(t *testing.T) {
					checkChoice(t, tc, imgs, ref, Options{})
				})
			}
		})
	}
}

func TestParsePlatform(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  v1.Platform
		fails bool
	}{
		{name: "os and arch", in: "linux/amd64", want: amd64},
		{name: "with variant", in: "linux/arm/v7",
			want: v1.Platform{OS: "linux", Architecture: "arm", Variant: "v7"}},
		{name: "arch missing", in: "linux", fails: true},
		{name: "empty", in: "", fails: true},
		{name: "empty arch", in: "linux/", fails: true},
		{name: "too many parts", in: "linux/arm/v7/x", fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parsePlatform(tt.in)
			if (err != nil) != tt.fails {
				t.Fatalf("parsePlatform(%q) error = %v, want failure %v", tt.in, err, tt.fails)
			}
			if err == nil && got.String() != tt.want.String() {
				t.Errorf("parsePlatform(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
