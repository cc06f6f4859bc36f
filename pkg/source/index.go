package source

import (
	"fmt"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// maxIndexDepth bounds how deep nested indexes are followed, so that a
// malformed source cannot loop.
const maxIndexDepth = 8

// attestationKey marks the manifests BuildKit attaches to an index to carry
// provenance and SBOMs; they are not runnable images.
const attestationKey = "vnd.docker.reference.type"

// candidate is one image manifest found in an index or a nested index.
type candidate struct {
	desc   v1.Descriptor
	parent v1.ImageIndex
}

func (c candidate) image() (v1.Image, error) {
	img, err := c.parent.Image(c.desc.Digest)
	if err != nil {
		return nil, fmt.Errorf("reading image %s: %w", c.desc.Digest, err)
	}
	return img, nil
}

// platform is the candidate's platform: from its descriptor when the index
// states one, else from the image's config.
func (c candidate) platform() (v1.Platform, error) {
	if p := c.desc.Platform; p != nil && p.OS != "" && p.Architecture != "" {
		return *p, nil
	}

	img, err := c.image()
	if err != nil {
		return v1.Platform{}, err
	}
	return imagePlatform(img)
}

// chooseImage picks one image from idx: the only one when idx holds a
// single image and no platform is asked for, else the first that matches
// want (linux/amd64 when want is empty). where names the source in errors.
func chooseImage(idx v1.ImageIndex, want, where string) (v1.Image, error) {
	cands, err := collectImages(idx, 0, map[v1.Hash]bool{})
	if err != nil {
		return nil, fmt.Errorf("reading index of %q: %w", where, err)
	}
	if len(cands) == 0 {
		return nil, fmt.Errorf("%q holds no image", where)
	}

	if want == "" && len(cands) == 1 {
		return cands[0].image()
	}

	target := want
	if target == "" {
		target = defaultPlatform
	}
	p, err := parsePlatform(target)
	if err != nil {
		return nil, err
	}

	return matchCandidate(cands, p, target, where)
}

// matchCandidate returns the first candidate on platform p.
func matchCandidate(cands []candidate, p v1.Platform, target, where string) (v1.Image, error) {
	var seen []string
	for _, c := range cands {
		have, err := c.platform()
		if err != nil {
			return nil, fmt.Errorf("reading platform of %q: %w", where, err)
		}
		if platformMatches(p, have) {
			return c.image()
		}

		seen = appendUnique(seen, platformString(have))
	}
	return nil, &platformError{want: target, where: where, available: seen}
}

// collectImages lists the image manifests under idx in index order,
// following nested indexes and leaving out attestations and duplicates.
func collectImages(idx v1.ImageIndex, depth int, seen map[v1.Hash]bool) ([]candidate, error) {
	if depth > maxIndexDepth {
		return nil, fmt.Errorf("indexes nested deeper than %d", maxIndexDepth)
	}

	im, err := idx.IndexManifest()
	if err != nil {
		return nil, err
	}

	var out []candidate
	for _, desc := range im.Manifests {
		switch {
		case seen[desc.Digest] || isAttestation(desc):
			continue
		case isIndex(desc.MediaType):
			seen[desc.Digest] = true
			child, err := idx.ImageIndex(desc.Digest)
			if err != nil {
				return nil, fmt.Errorf("reading nested index %s: %w", desc.Digest, err)
			}

			more, err := collectImages(child, depth+1, seen)
			if err != nil {
				return nil, err
			}
			out = append(out, more...)
		case isImage(desc.MediaType):
			seen[desc.Digest] = true
			out = append(out, candidate{desc: desc, parent: idx})
		}
	}
	return out, nil
}

func isAttestation(desc v1.Descriptor) bool {
	if desc.Annotations[attestationKey] == "attestation-manifest" {
		return true
	}
	p := desc.Platform
	return p != nil && p.OS == "unknown" && p.Architecture == "unknown"
}

func isIndex(mt types.MediaType) bool {
	return mt == types.OCIImageIndex || mt == types.DockerManifestList
}

func isImage(mt types.MediaType) bool {
	return mt == types.OCIManifestSchema1 || mt == types.DockerManifestSchema2
}

func appendUnique(list []string, s string) []string {
	for _, have := range list {
		if have == s {
			return list
		}
	}
	return append(list, s)
}
