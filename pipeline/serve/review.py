"""The review pages: plain server-rendered HTML and a little JavaScript, no build step.

/review           the documents a person should look at (failed pages, unread or unsure fields)
/review/{id}      one document: its pages with the word boxes (unsure words marked), the header
                  fields beside them, editable and saved through PATCH /documents/{id}/metadata
"""
from __future__ import annotations

import json
from html import escape

from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from .db import DocumentRow

FIELDS = [("issuer", "Cơ quan ban hành"), ("parent_issuer", "Cơ quan chủ quản"), ("doc_type", "Tên loại"),
          ("number", "Số, ký hiệu"), ("place", "Địa danh"), ("date", "Ngày (YYYY-MM-DD)"), ("title", "Trích yếu"),
          ("urgency", "Độ khẩn"), ("signer.authority", "Thẩm quyền ký"), ("signer.title", "Chức vụ người ký"),
          ("signer.name", "Người ký"), ("received.number", "Số đến"), ("received.date", "Ngày đến"),
          ("received.routed_to", "Chuyển")]

STYLE = """
body{font-family:system-ui,sans-serif;margin:1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}
.doc{display:flex;gap:1.5rem;align-items:flex-start}.pages{flex:3}.side{flex:2;position:sticky;top:0}
.page{position:relative;margin-bottom:1rem;border:1px solid #ccc}.page img{width:100%;display:block}
.w{position:absolute;border:1px solid rgba(0,90,200,.35)}.w.low{background:rgba(255,80,0,.25);border-color:#e50}
label{display:block;margin-top:.5rem;font-size:.85rem;color:#555}input{width:100%;padding:.3rem;font-size:1rem}
input.changed{background:#fff6d0}.check{color:#b40}#status{margin-left:1rem}button{margin-top:.8rem;padding:.4rem .9rem}
"""


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>{escape(title)}</title>"
                        f"<style>{STYLE}</style></head><body>{body}</body></html>")


def add_review_routes(app: FastAPI, Session, view, may_read) -> None:
    @app.get("/review", response_class=HTMLResponse)
    def review_list(all: bool = False, _: None = Depends(may_read)):
        stmt = select(DocumentRow).order_by(DocumentRow.created_at.desc()).limit(500)
        if not all:
            stmt = stmt.where(DocumentRow.needs_review.is_(True))
        with Session() as s:
            rows = list(s.scalars(stmt))
        lines = "".join(
            f"<tr><td><a href='/review/{r.id}'>{escape(r.filename)}</a></td><td>{escape(r.status)}</td>"
            f"<td>{escape(r.doc_type or '')}</td><td>{escape(r.number or '')}</td><td>{escape(r.date or '')}</td>"
            f"<td class='check'>{escape(r.review_reasons or '')}</td></tr>" for r in rows)
        which = "Tất cả văn bản" if all else "Văn bản cần kiểm tra"
        other = "<a href='/review'>chỉ văn bản cần kiểm tra</a>" if all else "<a href='/review?all=true'>tất cả</a>"
        return _page(which, f"<h1>{which}</h1><p>{len(rows)} văn bản · {other}</p><table><thead><tr><th>Tệp</th>"
                            f"<th>Trạng thái</th><th>Loại</th><th>Số</th><th>Ngày</th><th>Cần xem</th></tr></thead>"
                            f"<tbody id='docs'>{lines}</tbody></table>")

    @app.get("/review/{doc_id}", response_class=HTMLResponse)
    def review_document(doc_id: str, _: None = Depends(may_read)):
        with Session() as s:
            row = s.get(DocumentRow, doc_id)
            if row is None:
                raise HTTPException(404, f"no document {doc_id}")
            v = view(s, row)
        meta = v.get("metadata") or {}
        inputs = []
        for name, label in FIELDS:
            head, _, tail = name.partition(".")
            value = (meta.get(head) or {}).get(tail) if tail else meta.get(name)
            inputs.append(f"<label for='f-{name}'>{escape(label)}</label>"
                          f"<input id='f-{name}' name='{name}' value='{escape(value or '', quote=True)}' "
                          f"data-orig='{escape(value or '', quote=True)}'>")
        history = "".join(f"<li>{escape(c['at'][:19])} · {escape(c['who'])}: {escape(c['field'])} "
                          f"{escape(json.dumps(c['before'], ensure_ascii=False))} → "
                          f"{escape(json.dumps(c['after'], ensure_ascii=False))}</li>"
                          for c in v.get("corrections", []) if not c["field"].startswith("_"))
        pages = "".join(f"<div class='page' data-page='{n}'><img alt='trang {n}' src='/documents/{doc_id}/pages/{n}.png'>"
                        f"</div>" for n in range(1, (v["pages_total"] or 0) + 1)) if v["kind"] != "text" else \
            f"<pre>{escape((v.get('document') or {}).get('text', ''))}</pre>"
        sections = (v.get("document") or {}).get("sections") or {}
        secs = "".join(f"<h3>{escape(role)}</h3><p>{escape((sec.get('heading') or ''))}</p>"
                       for role, sec in sections.items())
        body = f"""
<p><a href='/review'>← danh sách</a></p>
<h1>{escape(v['filename'])}</h1>
<p>Trạng thái: <b id='doc-status'>{escape(v['status'])}</b> · {escape(v.get('review_reasons') or '')}</p>
<div class='doc'><div class='pages'>{pages}</div>
<div class='side'><form id='fields' onsubmit='return false'>{''.join(inputs)}
<label for='token'>Mã truy cập (token)</label><input id='token' type='password' autocomplete='off'>
<button id='save' type='button'>Lưu</button><button id='checked' type='button'>Đã kiểm tra</button>
<span id='status' role='status'></span></form>
<h2>Lịch sử sửa</h2><ul id='history'>{history}</ul><h2>Các phần</h2>{secs}</div></div>
<script>
const DOC = {json.dumps(doc_id)};
const tokenBox = document.getElementById('token');
tokenBox.value = localStorage.getItem('sohoa-token') || '';
function say(t) {{ document.getElementById('status').textContent = t; }}
document.querySelectorAll('#fields input[name]').forEach(i => i.addEventListener('input',
  () => i.classList.toggle('changed', i.value !== i.dataset.orig)));
async function send(method, url, body) {{
  localStorage.setItem('sohoa-token', tokenBox.value);
  const r = await fetch(url, {{method, headers: {{'Content-Type': 'application/json',
    'Authorization': 'Bearer ' + tokenBox.value}}, body: body ? JSON.stringify(body) : undefined}});
  const data = await r.json().catch(() => ({{}}));
  if (!r.ok) throw new Error(data.detail || data.error || r.statusText);
  return data;
}}
document.getElementById('save').addEventListener('click', async () => {{
  const changes = {{}};
  document.querySelectorAll('#fields input[name]').forEach(i => {{
    if (i.value !== i.dataset.orig) changes[i.name] = i.value.trim() === '' ? null : i.value.trim(); }});
  if (!Object.keys(changes).length) {{ say('Không có gì thay đổi'); return; }}
  say('Đang lưu…');
  try {{
    const v = await send('PATCH', '/documents/' + DOC + '/metadata', changes);
    document.querySelectorAll('#fields input[name]').forEach(i => {{
      const [h, t] = i.name.split('.'); const val = t ? (v.metadata[h] || {{}})[t] : v.metadata[h];
      i.value = val || ''; i.dataset.orig = i.value; i.classList.remove('changed'); }});
    const ul = document.getElementById('history'); ul.innerHTML = '';
    v.corrections.filter(c => !c.field.startsWith('_')).forEach(c => {{ const li = document.createElement('li');
      li.textContent = c.at.slice(0, 19) + ' · ' + c.who + ': ' + c.field + ' ' + JSON.stringify(c.before) +
        ' → ' + JSON.stringify(c.after); ul.appendChild(li); }});
    say('Đã lưu');
  }} catch (e) {{ say('Lỗi: ' + e.message); }}
}});
document.getElementById('checked').addEventListener('click', async () => {{
  try {{ await send('POST', '/documents/' + DOC + '/reviewed'); say('Đã đánh dấu đã kiểm tra'); }}
  catch (e) {{ say('Lỗi: ' + e.message); }}
}});
document.querySelectorAll('.page').forEach(async p => {{
  const r = await fetch('/documents/' + DOC + '/pages/' + p.dataset.page + '/words');
  if (!r.ok) return;
  (await r.json()).words.forEach(w => {{
    const d = document.createElement('div'); d.className = 'w' + (w.conf < 0.6 ? ' low' : '');
    d.style.left = (w.box[0] * 100) + '%'; d.style.top = (w.box[1] * 100) + '%';
    d.style.width = (w.box[2] * 100) + '%'; d.style.height = (w.box[3] * 100) + '%';
    d.title = w.text + (w.read !== w.text ? ' (đọc: ' + w.read + ')' : '') + ' · ' + Math.round(w.conf * 100) + '%';
    p.appendChild(d); }});
}});
</script>"""
        return _page(v["filename"], body)
