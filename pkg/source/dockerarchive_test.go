package source

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// multiArchive writes a docker save tarball of three images: two tagged,
// one by digest only. It returns the path and the images by tag, the
// untagged one under "".
func multiArchive(t *testing.T) (string, map[string]v1.Image) {
	t.Helper()
	imgs := map[string]v1.Image{
		"reg.example/app:1": platformImage(t, amd64),
		"app:2":             platformImage(t, arm64),
		"":                  platformImage(t, s390x),
	}

	refs := map[name.Reference]v1.Image{}
	for tag, img := range imgs {
		var r name.Reference
		var err error
		if tag == "" {
			r, err = name.NewDigest("reg.example/app@" + mustDigest(t, img).String())
		} else {
			r, err = name.NewTag(tag)
		}
		if err != nil {
			t.Fatal(err)
		}
		refs[r] = img
	}

	p := filepath.Join(t.TempDir(), "multi.tar")
	if err := tarball.MultiRefWriteToFile(p, refs); err != nil {
		t.Fatal(err)
	}
	return p, imgs
}

// positionOf reads manifest.json of the tarball at p and returns the
// 0-based place of the image tagged tag ("" for the untagged one).
func positionOf(t *testing.T, p, tag string) int {
	t.Helper()
	var m tarball.Manifest
	if err := json.Unmarshal(tarMember(t, p, "manifest.json"), &m); err != nil {
		t.Fatal(err)
	}
	for i, d := range m {
		if tag == "" && len(d.RepoTags) == 0 {
			return i
		}
		for _, rt := range d.RepoTags {
			if strings.HasSuffix(rt, tag) && tag != "" {
				return i
			}
		}
	}
	t.Fatalf("%s: no image tagged %q", p, tag)
	return -1
}

func TestOpenDockerArchiveSelect(t *testing.T) {
	p, imgs := multiArchive(t)
	at := func(tag string) string { return ":@" + string(rune('0'+positionOf(t, p, tag))) }

	tests := []struct {
		name     string
		sel      string
		platform string
		pick     string   // key in imgs; unused when fails is set
		fails    []string // substrings of the error
		missing  bool
	}{
		{name: "full tag", sel: ":reg.example/app:1", pick: "reg.example/app:1"},
		{name: "short tag", sel: ":app:2", pick: "app:2"},
		{name: "short tag in full form", sel: ":index.docker.io/library/app:2", pick: "app:2"},
		{name: "position", sel: at("app:2"), pick: "app:2"},
		{name: "untagged by position", sel: at(""), pick: ""},
		{name: "position with platform", sel: at("app:2"), platform: "linux/arm64", pick: "app:2"},
		{name: "position on another platform", sel: at("app:2"), platform: "linux/amd64",
			fails: []string{`"linux/amd64"`, "available: linux/arm64"}, missing: true},
		{name: "no selector lists tags", sel: "",
			fails: []string{"holds 3 images", "reg.example/app:1", "app:2", "(untagged)"}},
		{name: "unknown tag lists tags", sel: ":app:9",
			fails: []string{`"app:9"`, "reg.example/app:1", "app:2"}},
		{name: "position out of range", sel: ":@3", fails: []string{`"@3"`, "@2"}},
		{name: "position not a number", sel: ":@x", fails: []string{`"@x"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref := "docker-archive:" + p + tt.sel
			got, err := Open(context.Background(), ref, Options{Platform: tt.platform})
			if tt.fails != nil {
				if err == nil {
					got.Close()
					t.Fatalf("Open(%q) succeeded, want an error", ref)
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
				t.Fatalf("Open(%q): %v", ref, err)
			}
			defer got.Close()

			want, err := imgs[tt.pick].ConfigName()
			if err != nil {
				t.Fatal(err)
			}
			if have, err := got.ConfigName(); err != nil || have != want {
				t.Errorf("chose config %v (%v), want %v", have, err, want)
			}
			if got.Kind != DockerArchive || got.Reference != p+tt.sel {
				t.Errorf("Kind %q Reference %q, want docker-archive %q",
					got.Kind, got.Reference, p+tt.sel)
			}
			checkLayers(t, got.Image)
		})
	}
}

func TestOpenDockerArchiveSingle(t *testing.T) {
	img := platformImage(t, arm64)
	tag, err := name.NewTag("reg.example/one:v1")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "one.tar")
	if err := tarball.WriteToFile(p, tag, img); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		ref  string
	}{
		{"found by content", p},
		{"prefixed", "docker-archive:" + p},
		{"prefixed with its tag", "docker-archive:" + p + ":reg.example/one:v1"},
		{"prefixed with its position", "docker-archive:" + p + ":@0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := openT(t, tt.ref, Options{})
			if got.Kind != DockerArchive || platformString(got.Platform) != "linux/arm64" {
				t.Errorf("Kind %q Platform %v, want docker-archive linux/arm64",
					got.Kind, got.Platform)
			}
			if got.Digest != (v1.Hash{}) {
				t.Errorf("Digest = %v, want none: the tarball stores no manifest", got.Digest)
			}
			checkLayers(t, got.Image)
		})
	}
}

func TestSavedLayerNamedDigest(t *testing.T) {
	hex := strings.Repeat("0a", 32)
	tests := []struct {
		path string
		want string
	}{
		{hex + ".tar.gz", "sha256:" + hex},
		{"./" + hex + ".tar.gz", "sha256:" + hex},
		{hex + ".tar", "sha256:" + hex},
		{hex + "/layer.tar", ""}, // a layer ID, not a digest
		{"layer0.tar.gz", ""},
		{strings.Repeat("zz", 32) + ".tar.gz", ""},
		{hex[:62] + ".tar.gz", ""},
	}
	for _, tt := range tests {
		got := (&savedLayer{path: tt.path}).NamedDigest()
		if (tt.want == "" && got != v1.Hash{}) || (tt.want != "" && got.String() != tt.want) {
			t.Errorf("NamedDigest(%q) = %v, want %q", tt.path, got, tt.want)
		}
	}
}
