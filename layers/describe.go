package layers

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// describe fills in what is known of each layer before it is read: its
// media type, its diff ID from the config, and the command that made it.
// The config's diff IDs are used rather than asking the layer, which for
// some images means decompressing the blob a second time.
func describe(ls []v1.Layer, cfg *v1.ConfigFile) []Layer {
	out := make([]Layer, len(ls))
	for i, l := range ls {
		out[i].MediaType, _ = l.MediaType()
		if i < len(cfg.RootFS.DiffIDs) {
			out[i].DiffID = cfg.RootFS.DiffIDs[i]
		}
	}
	pairHistory(cfg.History, out)
	return out
}

// pairHistory sets CreatedBy from the history entries that made a layer,
// skipping those marked empty_layer. Layers beyond the history keep "".
func pairHistory(hist []v1.History, out []Layer) {
	i := 0
	for _, h := range hist {
		if h.EmptyLayer {
			continue
		}
		if i == len(out) {
			return
		}
		out[i].CreatedBy = h.CreatedBy
		i++
	}
}

// describer is a layer that knows its descriptor without reading its blob.
type describer interface {
	Descriptor() (*v1.Descriptor, error)
}

// blobDescriptor returns what the image says of a blob that was not read:
// its digest and size, or zero values where the layer cannot say.
func blobDescriptor(l v1.Layer) (v1.Hash, int64) {
	if d, ok := l.(describer); ok {
		if desc, err := d.Descriptor(); err == nil {
			return desc.Digest, desc.Size
		}
	}

	digest, err := l.Digest()
	if err != nil {
		return v1.Hash{}, 0
	}
	size, err := l.Size()
	if err != nil {
		return digest, 0
	}
	return digest, size
}

// statedDigest is the digest a layer's descriptor states for its blob, or
// zero when the layer has no descriptor. A layer that describes itself
// knows its digest without reading its blob; any other may compute it by
// reading the blob, which Walk does once, as it walks.
func statedDigest(l v1.Layer) v1.Hash {
	d, ok := l.(describer)
	if !ok {
		return v1.Hash{}
	}
	desc, err := d.Descriptor()
	if err != nil {
		return v1.Hash{}
	}
	return desc.Digest
}

// SelfVerifying is a layer whose Compressed stream checks the blob against
// the digest the layer's descriptor states, failing at its end when they
// differ, as a registry blob read through go-containerregistry does. Walk
// does not hash such a blob a second time.
type SelfVerifying interface {
	VerifiesDigest() bool
}

// DigestNamed is a layer whose blob is stored under a name that looks like
// its digest, as go-containerregistry, kaniko and Jib name the gzip layers
// of a docker save tarball ("HEX.tar.gz"). A name states nothing: Walk
// hashes the blob to see whether the name is its digest, and where it is
// not, checks the layer's content against the config's diff ID instead.
type DigestNamed interface {
	NamedDigest() v1.Hash
}

// claims is what the image says of a layer's blob before it is read, and
// so what reading it must check.
type claims struct {
	digest   v1.Hash // the blob's digest, as stated or as its name suggests
	named    bool    // digest comes from a name only (see DigestNamed)
	verified bool    // the source checks the stream against digest itself
}

// claimsOf reads l's claims. A stated digest in an algorithm Walk cannot
// hash is no claim it can check, so the content is checked instead.
func claimsOf(l v1.Layer) claims {
	if d := statedDigest(l); d != (v1.Hash{}) {
		sv, ok := l.(SelfVerifying)
		if ok && sv.VerifiesDigest() {
			return claims{digest: d, verified: true}
		}
		if newHash(d.Algorithm) != nil {
			return claims{digest: d}
		}
		return claims{}
	}
	if d := namedDigest(l); d != (v1.Hash{}) {
		return claims{digest: d, named: true}
	}
	return claims{}
}

// namedDigest is the digest a layer's blob name suggests, or zero.
func namedDigest(l v1.Layer) v1.Hash {
	if n, ok := l.(DigestNamed); ok {
		return n.NamedDigest()
	}
	return v1.Hash{}
}
