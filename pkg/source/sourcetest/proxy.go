package sourcetest

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Fault is what the proxy does with one request instead of passing it on
// unchanged. The zero Fault passes it on.
type Fault struct {
	// Status answers with this status, and Header, when set.
	Status int
	Header map[string]string
	// Reset passes on the status, headers and half the body, then resets
	// the connection.
	Reset bool
	// Trickle passes on the body 512 bytes every 100ms.
	Trickle bool
	// Hang never answers.
	Hang bool
}

// Rule picks the fault for the nth GET of a kind, "manifest" or "blob",
// counted from 1; other requests are of kind "other". nil passes the
// request on.
type Rule func(kind string, n int) *Fault

// Status is a Fault answering code with headers given as name, value.
func Status(code int, header ...string) *Fault {
	f := &Fault{Status: code, Header: map[string]string{}}
	for i := 0; i+1 < len(header); i += 2 {
		f.Header[header[i]] = header[i+1]
	}
	return f
}

// FirstN breaks the first n GETs of kind with f and passes the rest.
func FirstN(kind string, n int, f *Fault) Rule {
	return func(k string, i int) *Fault {
		if k == kind && i <= n {
			return f
		}
		return nil
	}
}

// Always breaks every GET of kind with f.
func Always(kind string, f *Fault) Rule { return FirstN(kind, 1<<30, f) }

// Proxy stands in front of a registry and breaks what its rule picks.
type Proxy struct {
	// Host is the proxy's 127.0.0.1:port, to use in references.
	Host string

	upstream string
	rule     Rule
	counts   map[string]*atomic.Int32
	stop     chan struct{}
}

// Start serves a proxy for the registry at upstream (host:port, plain
// HTTP) until the test ends. A nil rule passes everything on.
func Start(t testing.TB, upstream string, rule Rule) *Proxy {
	t.Helper()
	if rule == nil {
		rule = func(string, int) *Fault { return nil }
	}
	p := &Proxy{upstream: upstream, rule: rule, stop: make(chan struct{}),
		counts: map[string]*atomic.Int32{"manifest": {}, "blob": {}, "other": {}}}

	srv := httptest.NewServer(p)
	t.Cleanup(func() {
		close(p.stop)
		srv.CloseClientConnections()
		srv.Close()
	})
	p.Host = strings.TrimPrefix(srv.URL, "http://")
	return p
}

// Count returns how many GETs of kind the proxy saw.
func (p *Proxy) Count(kind string) int { return int(p.counts[kind].Load()) }

func requestKind(r *http.Request) string {
	switch {
	case r.Method != http.MethodGet:
		return "other"
	case strings.Contains(r.URL.Path, "/manifests/"):
		return "manifest"
	case strings.Contains(r.URL.Path, "/blobs/"):
		return "blob"
	}
	return "other"
}

// ServeHTTP applies the rule to one request.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	kind := requestKind(r)
	f := p.rule(kind, int(p.counts[kind].Add(1)))

	switch {
	case f == nil:
		p.forward(w, r, Fault{})
	case f.Hang:
		select {
		case <-p.stop:
		case <-r.Context().Done():
		}
	case f.Status != 0:
		for k, v := range f.Header {
			w.Header().Set(k, v)
		}
		http.Error(w, http.StatusText(f.Status), f.Status)
	default:
		p.forward(w, r, *f)
	}
}

// forward passes r to the registry and its answer back, breaking the body
// as f says.
func (p *Proxy) forward(w http.ResponseWriter, r *http.Request, f Fault) {
	req, err := http.NewRequestWithContext(r.Context(), r.Method,
		"http://"+p.upstream+r.URL.RequestURI(), r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}

	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(resp.StatusCode)
	switch {
	case f.Reset && len(body) > 1:
		w.Write(body[:len(body)/2])
		reset(w)
	case f.Trickle:
		p.trickle(w, r, body)
	default:
		w.Write(body)
	}
}

// reset flushes what was written and closes the connection with a reset
// rather than a clean end.
func reset(w http.ResponseWriter) {
	rc := http.NewResponseController(w)
	rc.Flush()
	conn, _, err := rc.Hijack()
	if err != nil {
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	conn.Close()
}

// trickle writes body 512 bytes every 100ms, until the client goes away or
// the test ends.
func (p *Proxy) trickle(w http.ResponseWriter, r *http.Request, body []byte) {
	Trickle(w, r, body, p.stop)
}

// Trickle writes body to w 512 bytes every 100ms, so that reading a body
// of a megabyte takes minutes. It stops when r's client goes away or stop
// is closed.
func Trickle(w http.ResponseWriter, r *http.Request, body []byte, stop <-chan struct{}) {
	const chunk = 512
	rc := http.NewResponseController(w)
	for off := 0; off < len(body); off += chunk {
		if _, err := w.Write(body[off:min(off+chunk, len(body))]); err != nil {
			return
		}
		rc.Flush()
		select {
		case <-time.After(100 * time.Millisecond):
		case <-r.Context().Done():
			return
		case <-stop:
			return
		}
	}
}
