package source

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// openDockerArchive opens the docker save tarball at p. sel is empty,
// a tag, or "@N" for the Nth image listed in manifest.json. The returned
// image holds the file open until Close.
func openDockerArchive(p, sel string, opts Options) (*Image, error) {
	img, digest, t, err := readDockerArchive(p, sel, opts.Platform)
	if err != nil {
		return nil, err
	}
	return describeDigest(img, DockerArchive, digest, t.Close)
}

// readDockerArchive picks one image from the tarball at p and returns it
// with the digest of its manifest when the tarball stores one (Docker 25
// and later do; the legacy format does not, and the digest is zero). The
// image is served from the returned index, which the caller closes.
func readDockerArchive(p, sel, want string) (v1.Image, v1.Hash, *tarIndex, error) {
	t, err := indexTar(p)
	if errors.Is(err, errNotTar) {
		return nil, v1.Hash{}, nil, &notImageError{path: p, reason: "not a tar archive"}
	}
	if err != nil {
		return nil, v1.Hash{}, nil, fmt.Errorf("opening docker-archive %q: %w", p, err)
	}

	img, digest, err := pickSaved(t, p, sel, want)
	if err != nil {
		t.Close()
		return nil, v1.Hash{}, nil, err
	}
	return img, digest, t, nil
}

// pickSaved chooses the image sel names from the tarball indexed in t and
// checks its platform.
func pickSaved(t *tarIndex, p, sel, want string) (v1.Image, v1.Hash, error) {
	m, err := readSaveManifest(t)
	if err != nil {
		return nil, v1.Hash{}, fmt.Errorf("opening docker-archive %q: %w", p, err)
	}
	i, err := pickDescriptor(m, sel, p)
	if err != nil {
		return nil, v1.Hash{}, err
	}

	img, err := newSavedImage(t, m[i])
	if err != nil {
		return nil, v1.Hash{}, fmt.Errorf("opening docker-archive %q: %w", p, err)
	}
	have, err := imagePlatform(img)
	if err != nil {
		return nil, v1.Hash{}, fmt.Errorf("opening docker-archive %q: %w", p, err)
	}
	if err := checkPlatform(want, have, p); err != nil {
		return nil, v1.Hash{}, err
	}

	cfg, err := img.ConfigName()
	if err != nil {
		return nil, v1.Hash{}, fmt.Errorf("opening docker-archive %q: %w", p, err)
	}
	return img, storedManifestDigest(t, cfg), nil
}

func readSaveManifest(t *tarIndex) (tarball.Manifest, error) {
	raw, err := t.readAll("manifest.json")
	if err != nil {
		return nil, err
	}

	var m tarball.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("parsing manifest.json: %w", err)
	}
	if len(m) == 0 {
		return nil, errors.New("manifest.json lists no image")
	}
	return m, nil
}

// pickDescriptor returns the position in m of the image sel names.
func pickDescriptor(m tarball.Manifest, sel, where string) (int, error) {
	if sel == "" {
		if len(m) == 1 {
			return 0, nil
		}
		return 0, fmt.Errorf("docker-archive %q holds %d images; pick one with "+
			":REFERENCE or :@INDEX from: %s", where, len(m), listImages(m))
	}

	if pos, ok := strings.CutPrefix(sel, "@"); ok {
		i, err := strconv.Atoi(pos)
		if err != nil || i < 0 || i >= len(m) {
			return 0, fmt.Errorf("docker-archive %q has no image %q; it holds %s",
				where, sel, listImages(m))
		}
		return i, nil
	}

	for i, d := range m {
		if hasTag(d, sel) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("docker-archive %q has no image tagged %q; it holds %s",
		where, sel, listImages(m))
}

// hasTag reports whether d is tagged sel, comparing tags in full form so
// that "alpine" finds "index.docker.io/library/alpine:latest".
func hasTag(d tarball.Descriptor, sel string) bool {
	want, err := name.NewTag(sel)
	for _, rt := range d.RepoTags {
		if rt == sel {
			return true
		}

		have, herr := name.NewTag(rt)
		if err == nil && herr == nil && have.Name() == want.Name() {
			return true
		}
	}
	return false
}

// listImages spells the images of m as "@0 a:1, @1 b:2 c:3, @2 (untagged)".
func listImages(m tarball.Manifest) string {
	parts := make([]string, len(m))
	for i, d := range m {
		tags := strings.Join(d.RepoTags, " ")
		if tags == "" {
			tags = "(untagged)"
		}
		parts[i] = fmt.Sprintf("@%d %s", i, tags)
	}
	return strings.Join(parts, ", ")
}

// storedManifestDigest finds, through the OCI index a Docker 25+ save
// also writes, the manifest whose config is cfg. Zero when there is none.
func storedManifestDigest(t *tarIndex, cfg v1.Hash) v1.Hash {
	raw, err := t.readAll(layoutIndex)
	if err != nil {
		return v1.Hash{}
	}
	idx, err := newArchiveIndex(t, raw, types.OCIImageIndex)
	if err != nil {
		return v1.Hash{}
	}

	cands, err := collectImages(idx, 0, map[v1.Hash]bool{})
	if err != nil {
		return v1.Hash{}
	}
	for _, c := range cands {
		img, err := c.image()
		if err != nil {
			continue
		}
		if m, err := img.Manifest(); err == nil && m.Config.Digest == cfg {
			return c.desc.Digest
		}
	}
	return v1.Hash{}
}
