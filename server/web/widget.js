// The embeddable comparison widget (docs/widget.md): for one category, the
// chosen platforms side by side with their clauses and severity badges, from
// GET /v1/compare. A classic script with no dependencies, so another site can
// include it with one tag:
//   <script src="(the server)/widget.js" data-category="termination"
//           data-platforms="acme,globex" data-per-platform="3"></script>
// On a server started with --keys, data-api-key (or ?key= on widget.html)
// gives it a search key, sent as X-API-Key (docs/widget.md).
// Without data-category it reads category/platforms/per_platform from the
// page's query string (that is how widget.html works in an iframe).
// It draws into a shadow root, so the host page's styles and ours stay apart,
// and sets clause text only with textContent: the clean text_plain, headed as
// on the search page (text.js, loaded with import()).
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var base = new URL('.', script.src);  // the server that served this script
  var d = script.dataset;
  var query = new URLSearchParams(location.search);
  // A script tag with data-category is set up by its data-* attributes
  // alone: the host page's own query string (?platforms=, ?per_platform=)
  // is not the widget's. Without it, as in widget.html, the query string is.
  var inline = d.category !== undefined;
  var category = (inline ? d.category : query.get('category')) || '';
  var platforms = (inline ? d.platforms : query.get('platforms')) || '';
  var perPlatform = (inline ? d.perPlatform : query.get('per_platform')) || '3';
  var apiKey = (inline ? d.apiKey : query.get('key')) || '';
  var LABEL = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

  var host = document.createElement('div');
  host.className = 'clause-compare-widget';
  var target = d.target && document.getElementById(d.target);
  if (target) target.appendChild(host); else script.after(host);
  var root = host.attachShadow({ mode: 'open' });
  var sheet = document.createElement('link');
  sheet.rel = 'stylesheet';
  sheet.href = new URL('widget.css', base).href;
  root.appendChild(sheet);
  var box = make('section', 'widget');
  box.setAttribute('aria-busy', 'true');
  root.appendChild(box);

  function make(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function badge(severity) {
    if (!severity) return make('span', 'badge sev-none', 'No clause');
    return make('span', 'badge sev-' + (LABEL[severity] ? severity : 'other'), LABEL[severity] || severity);
  }
  function fail(message) {
    box.removeAttribute('aria-busy');
    box.replaceChildren(make('p', 'error', message));
    box.firstChild.setAttribute('role', 'alert');
  }
  function link(href, text) {
    var a = make('a', null, text);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener';
    return a;
  }

  // text.js (clean text and headings, shared with the search page), set
  // before the first render.
  var text = null;

  function column(row) {
    var col = make('article', 'column');
    var head = make('header', 'column-head');
    var h = make('h3');
    h.appendChild(link(new URL('#/platform/' + encodeURIComponent(row.platform.slug), base).href, row.platform.name));
    head.appendChild(h);
    var worst = make('p', 'worst');
    worst.append('Worst: ', badge(row.worst_severity));
    head.appendChild(worst);
    head.appendChild(make('p', 'count', row.clauses === 1 ? '1 clause' : row.clauses + ' clauses'));
    col.appendChild(head);
    // No clause at all, or none asked for (per_platform=0: the counts alone).
    if (!row.clauses) {
      col.appendChild(make('p', 'none', 'Nothing in this category.'));
      return col;
    }
    if (!row.results.length) return col;
    var list = make('ul', 'clauses');
    row.results.forEach(function (r) {
      var li = make('li');
      var title = make('p', 'clause-title');
      title.append(badge(r.severity), ' ');
      title.appendChild(link(new URL('#/clause/' + encodeURIComponent(r.id), base).href, text.clauseHeading(r)));
      li.appendChild(title);
      li.appendChild(make('p', 'text', text.clip(text.plainText(r), 220)));
      list.appendChild(li);
    });
    col.appendChild(list);
    if (row.clauses > row.results.length) {
      col.appendChild(make('p', 'more', '+ ' + (row.clauses - row.results.length) + ' more'));
    }
    return col;
  }

  function render(data) {
    box.removeAttribute('aria-busy');
    box.setAttribute('aria-label', 'How platforms compare: ' + data.category.name);
    var title = make('h2', 'title', data.category.name);
    var sub = make('p', 'sub', 'How platforms compare');
    var grid = make('div', 'grid');
    grid.style.setProperty('--cols', String(Math.max(1, data.rows.length)));
    data.rows.forEach(function (row) { grid.appendChild(column(row)); });
    var foot = make('p', 'foot');
    foot.append('Source: ');
    foot.appendChild(link(new URL('#/category/' + encodeURIComponent(data.category.slug), base).href, 'clause search'));
    box.replaceChildren(sub, title, data.rows.length ? grid : make('p', 'none', 'No platform has this category.'), foot);
  }

  // In an iframe (widget.html), tell the embedding page the height the
  // widget needs, now and whenever it changes, so the page can size the
  // frame (docs/widget.md). Only a number crosses: '*' reveals nothing else.
  if (!inline && window.parent !== window && window.ResizeObserver) {
    var sent = 0;
    new ResizeObserver(function () {
      var height = Math.ceil(document.body.getBoundingClientRect().height);
      if (height === sent) return;
      sent = height;
      window.parent.postMessage({ type: 'clause-widget:height', height: height }, '*');
    }).observe(document.body);
  }

  if (!category) {
    fail('No category given: set data-category (or ?category= on widget.html).');
    return;
  }
  var url = new URL('v1/compare', base);
  url.searchParams.set('category', category);
  if (platforms) url.searchParams.set('platforms', platforms); else url.searchParams.set('limit', '4');
  url.searchParams.set('per_platform', perPlatform);
  var headers = { Accept: 'application/json' };
  if (apiKey) headers['X-API-Key'] = apiKey;
  var compare = fetch(url.href, { headers: headers })
    .then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        if (!res.ok) throw new Error(body && body.error ? body.error.message : 'HTTP ' + res.status);
        return body;
      });
    });
  // A module from another origin is fetched with CORS, like the API call:
  // the origins that may use the widget may load it.
  Promise.all([compare, import(new URL('text.js', base).href)])
    .then(function (loaded) {
      text = loaded[1];
      render(loaded[0]);
    }, function (err) {
      // A CORS refusal surfaces as a bare TypeError with no details.
      fail(err instanceof TypeError
        ? 'The comparison could not be loaded: this site may not be on the server\'s allowed origins.'
        : 'The comparison could not be loaded: ' + err.message);
    });
})();
