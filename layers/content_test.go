package layers

import (
	"archive/tar"
	"bytes"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestOptionDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   Options
		want Options
	}{
		{"zero", Options{}, Options{MaxKeep: 8 << 20, Concurrency: runtime.GOMAXPROCS(0)}},
		{"negative", Options{MaxKeep: -1, Concurrency: -3},
			Options{MaxKeep: 8 << 20, Concurrency: runtime.GOMAXPROCS(0)}},
		{"set", Options{MaxKeep: 10, Concurrency: 3}, Options{MaxKeep: 10, Concurrency: 3}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.withDefaults()
			if got.MaxKeep != tt.want.MaxKeep || got.Concurrency != tt.want.Concurrency {
				t.Errorf("defaults = %d, %d, want %d, %d",
					got.MaxKeep, got.Concurrency, tt.want.MaxKeep, tt.want.Concurrency)
			}
		})
	}
}

const keyHeader = "-----BEGIN OPENSSH PRIVATE KEY-----\n"

const tagKey Tag = 1

// sniffer records what Sniff saw; Walk calls it from several goroutines.
type sniffer struct {
	mu    sync.Mutex
	heads map[string]string
}

func (s *sniffer) sniff(p string, head []byte) Tag {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.heads[p] = string(head)
	if bytes.HasPrefix(head, []byte("-----BEGIN")) {
		return tagKey
	}
	return 0
}

func TestContent(t *testing.T) {
	long := keyHeader + strings.Repeat("A", 200)
	layer := tarOf(t,
		file("root/.ssh/id_ed25519", long), file("srv/.env", "TOKEN=abc\n"),
		file("big.env", strings.Repeat("x", 100)), hardlink("copy", "root/.ssh/id_ed25519"),
		symlink("ln", "srv/.env"), dir("d"), file("empty", ""),
	)

	tests := []struct {
		name      string
		opts      func(s *sniffer) Options
		wantHeads map[string]string
		wantKept  map[string]string
		wantTags  map[string]Tag
	}{
		{
			name: "nothing asked",
			opts: func(*sniffer) Options { return Options{} },
		},
		{
			name: "sniff every regular file",
			opts: func(s *sniffer) Options { return Options{Sniff: s.sniff} },
			wantHeads: map[string]string{
				"/root/.ssh/id_ed25519": long[:SniffSize], "/srv/.env": "TOKEN=abc\n",
				"/big.env": strings.Repeat("x", SniffSize), "/empty": "",
			},
			wantTags: map[string]Tag{"/root/.ssh/id_ed25519": tagKey},
		},
		{
			name: "keep what Keep asks for, within MaxKeep",
			opts: func(*sniffer) Options {
				return Options{MaxKeep: 50, Keep: func(p string, _ int64) bool {
					return strings.HasSuffix(p, ".env")
				}}
			},
			wantKept: map[string]string{"/srv/.env": "TOKEN=abc\n"},
		},
		{
			name: "keep and sniff together",
			opts: func(s *sniffer) Options { return Options{Sniff: s.sniff, Keep: keepAll} },
			wantHeads: map[string]string{
				"/root/.ssh/id_ed25519": long[:SniffSize], "/srv/.env": "TOKEN=abc\n",
				"/big.env": strings.Repeat("x", SniffSize), "/empty": "",
			},
			wantKept: map[string]string{
				"/root/.ssh/id_ed25519": long, "/srv/.env": "TOKEN=abc\n",
				"/big.env": strings.Repeat("x", 100), "/empty": "",
			},
			wantTags: map[string]Tag{"/root/.ssh/id_ed25519": tagKey},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &sniffer{heads: map[string]string{}}
			ix := mustWalk(t, imageOf(t, layer, layer), tt.opts(s))

			if len(s.heads) != len(tt.wantHeads) {
				t.Errorf("sniffed %d files, want %d", len(s.heads), len(tt.wantHeads))
			}
			for p, want := range tt.wantHeads {
				if got, ok := s.heads[p]; !ok || got != want {
					t.Errorf("head of %s = %q, want %q", p, got, want)
				}
			}

			for _, l := range ix.Layers {
				for _, e := range l.Entries {
					want, keep := tt.wantKept[e.Path]
					if keep != (e.Content != nil) || string(e.Content) != want {
						t.Errorf("content of %s = %q, want %q", e.Path, e.Content, want)
					}
					if e.Tags != tt.wantTags[e.Path] {
						t.Errorf("tags of %s = %d, want %d", e.Path, e.Tags, tt.wantTags[e.Path])
					}
				}
			}
		})
	}
}

func TestModes(t *testing.T) {
	tests := []struct {
		name string
		mode int64
		want fs.FileMode
	}{
		{"plain", 0o644, 0o644},
		{"setuid", 0o4755, fs.ModeSetuid | 0o755},
		{"setgid", 0o2755, fs.ModeSetgid | 0o755},
		{"sticky", 0o1777, fs.ModeSticky | 0o777},
		{"all three", 0o7700, fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky | 0o700},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := hdr{name: "f", typ: tar.TypeReg, body: "x", mode: tt.mode}
			e := mustWalk(t, imageOf(t, tarOf(t, h)), Options{}).Lookup("/f")
			if e == nil || e.Mode != tt.want {
				t.Errorf("mode = %v, want %v", e.Mode, tt.want)
			}
		})
	}
}

func TestKinds(t *testing.T) {
	fifo := hdr{name: "fifo", typ: tar.TypeFifo}
	dev := hdr{name: "null", typ: tar.TypeChar}
	ix := mustWalk(t, imageOf(t, tarOf(t,
		file("f", "x"), dir("d"), symlink("s", "f"), fifo, dev,
	)), Options{})

	want := map[string]Kind{"/f": File, "/d": Dir, "/s": Symlink, "/fifo": Other, "/null": Other}
	for p, k := range want {
		if e := ix.Lookup(p); e == nil || e.Kind != k {
			t.Errorf("kind of %s = %+v, want %d", p, e, k)
		}
	}
}
