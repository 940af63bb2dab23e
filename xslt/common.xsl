<?xml version="1.0" encoding="UTF-8"?>
<!--
  common.xsl — shared by html.xsl and text.xsl (issues 4, 9): keys, the printed layout of a
  table (header cells with their merged spans, column slots, printed lines) and the walk
  over its lines and cells, which calls each rendering's markup templates (see "walking a
  table as printed" below), and value formatting through gfa's ICU extension functions
  (namespace urn:gfa:fmt).

  Rules of the house:
  - no arithmetic on amounts and no format-number(): every number shown comes from fmt:
    (amounts are passed as nodes or strings, never as XPath numbers);
  - lookups by fmt:having (an index, like xsl:key's, made once a report), never by // scans,
    so batch rendering stays linear;
  - small integer arithmetic (cell indexes, spans, column offsets) is fine in XPath.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:g="urn:gfa:report:1"
    xmlns:fmt="urn:gfa:fmt"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="g fmt exsl">

  <!-- The declared precision of amounts (header/units/@decimals). -->
  <xsl:variable name="decimals" select="string(/g:report/g:header/g:units/@decimals)"/>
  <xsl:variable name="scale" select="string(/g:report/g:header/g:units/@scale)"/>
  <xsl:variable name="have-fmt" select="function-available('fmt:amount')"/>
  <!-- The page's purpose (issue 12), gfa's option mode: 'publish', the page a publisher posts
       (no 校验结果, no marks, no 应为: the report as printed), or 'review', the page with
       the validation's findings shown and marked where they are. One stylesheet, one
       parameter: the review page is the publication page plus the findings. -->
  <xsl:param name="mode" select="'review'"/>
  <xsl:variable name="review" select="$mode = 'review'"/>
  <!-- Most instances carry no findings (and a publication page shows none): then no cell
       needs to look any up. -->
  <xsl:variable name="has-findings" select="$review and boolean(/g:report/g:validation/g:finding)"/>

  <!-- ===== lookups ===== -->
  <!-- No xsl:key: libxslt builds every key of a stylesheet at the first key() call of each
       transform, evaluating its match and its use over the document (issue 13: 10.8M
       instructions a report over the two review pages; html.xsl's paragraphs by line walked
       the document three times). Findings, readings, tables and a form's amounts are looked
       up by fmt:having(path, attr, value …), path[@attr = value …]: gfa selects a path's nodes
       and indexes them by the attributes' values in C at the first lookup, and keeps the
       index with the report for its other pages. The paths: -->
  <!-- The findings, looked up by table (definition id or printed number), row key and column
       (a table's cell); by line (a figure in the text that failed a check, with or without the
       table cell it was compared with: not a form's); by line and column (a form's amount:
       table "perf" or "perf:LINE", or none for a misprinted number); by severity. -->
  <xsl:variable name="findings-path" select="'/g:report/g:validation/g:finding'"/>
  <xsl:variable name="tables-path" select="'/g:report/*/g:table'"/>
  <xsl:variable name="form-amts-path" select="'/g:report/*/g:performance/g:funds/g:fund/g:amt'"/>
  <!-- A table's row by key and column by id, which findings name, are looked up by
       fmt:children in the table's parts (issue 13). -->

  <xsl:template name="severity-label">
    <xsl:param name="s" select="@severity"/>
    <xsl:choose>
      <xsl:when test="$s = 'fatal'">严重错误</xsl:when>
      <xsl:when test="$s = 'error'">错误</xsl:when>
      <xsl:when test="$s = 'inconsistency'">不一致</xsl:when>
      <xsl:when test="$s = 'warning'">警告</xsl:when>
      <xsl:otherwise>提示</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== values ===== -->

  <!-- The text of a value cell (amt, blank, na, text) as shown is fmt:cell-text(.): amounts
       with grouping and the declared decimals (never fewer digits than printed), negatives
       in parentheses when the report printed them so; counts (rows with their own unit) as
       printed (issue 13: spelt out here it cost a dozen XPath evaluations a cell). -->

  <!-- A value from a finding (reported, expected, difference), shown as what it is: the
       finding's @kind says (amount: grouped; rate: with %; code, count, text: as they are;
       score: as printed). An instance without @kind: formatted when it is a number. -->
  <xsl:template name="finding-value">
    <xsl:param name="v"/>
    <xsl:param name="kind" select="string(ancestor-or-self::g:finding[1]/@kind)"/>
    <xsl:choose>
      <!-- plain decimals formatted (fmt:amount's, or fmt:percent's for a rate), anything else
           as it is: fmt:finding-value (issue 13: the tests here took about 35,000
           instructions a value) -->
      <xsl:when test="$have-fmt"><xsl:value-of select="fmt:finding-value($v, $kind)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The values of a finding (context: g:finding), as in 报告值 3，应为 2，差额 1，容差 0.03. -->
  <xsl:template name="finding-values">
    <xsl:if test="@reported">
      <xsl:text>报告值 </xsl:text>
      <xsl:call-template name="finding-value"><xsl:with-param name="v" select="@reported"/></xsl:call-template>
    </xsl:if>
    <xsl:if test="@expected">
      <xsl:if test="@reported">，</xsl:if>
      <xsl:call-template name="expected-label"/>
      <xsl:call-template name="finding-value"><xsl:with-param name="v" select="@expected"/></xsl:call-template>
    </xsl:if>
    <xsl:if test="@difference">
      <xsl:text>，差额 </xsl:text>
      <xsl:call-template name="finding-value"><xsl:with-param name="v" select="@difference"/></xsl:call-template>
    </xsl:if>
    <xsl:if test="@tolerance">
      <xsl:text>，容差 </xsl:text>
      <xsl:call-template name="finding-value"><xsl:with-param name="v" select="@tolerance"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ===== root causes and consequences (issue 11) ===== -->
  <!-- "应为" belongs to a root cause only: a finding that no other finding causes. A
       consequence's expected value is what its identity computes from the printed figures,
       not what its cell should be. (Context: g:finding.) -->
  <xsl:template name="expected-label">
    <xsl:choose>
      <xsl:when test="@cause">计算值 </xsl:when>
      <xsl:otherwise>应为 </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A value the reader was unsure of (@certain="false"): marked, with its other readings,
       on review pages only (a publication page shows the report as printed). -->
  <xsl:template name="uncertain-mark">
    <xsl:if test="$review and (@certain = 'false' or @certain = '0')">
      <xsl:text>?</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- The readings an uncertain value could have: 可能为 49.908 或 49908. -->
  <xsl:template name="uncertain-readings">
    <xsl:value-of select="concat('数值不确定，可能为 ', .)"/>
    <xsl:if test="@alternatives">
      <xsl:value-of select="concat(' 或 ', translate(normalize-space(@alternatives), ' ', '/'))"/>
    </xsl:if>
  </xsl:template>

  <!-- A row label as printed, without the spaces of a label wrapped inside its cell: the name
       of a row of a code list, else its label, else its name (fmt:row-label, one call: issue
       13). -->
  <xsl:template name="row-label">
    <xsl:choose>
      <xsl:when test="$have-fmt"><xsl:value-of select="fmt:row-label(.)"/></xsl:when>
      <xsl:when test="@name and (../@axis = 'function' or ../@axis = 'economic')">
        <xsl:value-of select="@name"/>
      </xsl:when>
      <xsl:when test="@label"><xsl:value-of select="@label"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="header-text">
    <xsl:param name="s" select="."/>
    <xsl:choose>
      <xsl:when test="$have-fmt"><xsl:value-of select="fmt:unwrap($s)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space($s)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== the printed layout of a table ===== -->

  <!--
    The frame of a table (context: g:table), what every rendering of it needs first, is made
    by fmt:table-frame(.) (C, src/write/xslt_fmt.c; docs/rendering.md; issue 13: built here
    cell by cell it took a tenth of each rendering). It is an element
    <frame n="printed cells across" groups=" 3 7 "> holding:
    - the header grid: one <hr i colno line> per header row, holding <hc> cells, the header's
      labels with their merged extent as printed (a merged cell is a label followed by empty
      cells: a label spans right up to the next label of its row or of any row above, and
      down over the rows below that have no label under it; the 栏次 row never merges down):
        k="h" a label (n first column, s columns, r rows, down="1" when it goes on below),
        k="v" the continuation of a label from a row above, k="f" an empty filler cell;
    - then the column slots, left to right: each part of a table, and each column group of a
      part (公开06 prints four), occupies a run of printed cells, key cells (科目代码,
      科目名称 / 项目, 行次) then value cells: one <slot part g start first last keys lineno
      axis/> per slot.
    groups: the printed cells where a column group starts (the 收入/支出 halves of 公开01, the
    four groups of 公开06, the 预算数/决算数 halves of 公开09), each followed by a space, the
    list starting with one: test it with contains(@groups, concat(' ', $cell, ' ')). A header
    cell that starts a group carries gs="true" (and so do fmt:line-cells' markers).
    findings: "true" when a finding names a cell of the table (value-cell looks them up only
    then); candidates: "true" when a reading of a diagnosis (g:candidate) names one.
  -->

  <!--
    ===== walking a table as printed: shared by html.xsl and text.xsl =====

    common.xsl decides what goes where: the frame of a table (its width, header grid and
    column slots), its printed lines in order, and on each line the cells slot by slot (key
    cells, value cells with their findings, empty cells). Each rendering only writes markup,
    in these templates ("hooks") that html.xsl and text.xsl each define. A hook gets only
    the parameters it needs, and what is the same for a whole line or table is reckoned once
    (fmt:line-cells' markers carry it): each parameter, test and attribute value template is
    one XPath evaluation, a few thousand instructions (issue 13).

      out-body-line   context: the first row of one printed line of rows; writes the line and
                      calls line-cells inside it. Param: frame.
      out-line-marks  context: fmt:line-cells' <line total heading placeholder> (each "true"
                      when present): the line has a total or heading row, or only
                      placeholders. Called first inside out-body-line's element, before any
                      cell, and only for such lines: may add attributes to it.
      out-stray-row   context: g:hrow, a header row printed again inside the body (公开10);
                      writes the line and calls stray-cells inside it. Param: frame.
      out-stray-cell  context: g:h of such a row. Params: kind ('gap': the empty cells before
                      the first label, 'label'), n (first printed column), s (columns spanned).
      out-key-cells   context: g:row. The cells before its values, as the marker k says
                      (param k: fmt:line-cells' <k>, or one text.xsl makes alike): 科目代码
                      in column @start when @code, the row label (the marker's text, as
                      row-label gives it) over the next @span
                      columns, 行次 after it when @lineno; @coded when
                      the row's part is of a code list (axis function or economic), @gs when
                      the cells start a column group.
      out-value-cell  a mode, not a name: applied to g:amt, g:blank, g:na or g:text of a
                      row. Params: at (printed column; given unless plain), findings (the
                      findings about the cell; not given when none), gs (true when the cell
                      starts a column group), frame (not given with plain), plain (true: the
                      cell is an amount or a blank read surely, at its own @cell written as a
                      number, with no finding and no reading of a diagnosis on its table).
      out-gap-cells   printed columns without a value. Params: from, to (inclusive), frame.

    frame is the <frame> element fmt:table-frame makes (above). Every template here keeps to small integer
    arithmetic on column numbers; nothing in them depends on the output format, so that any of
    them can become one extension function without touching the hooks (issue 13).
  -->

  <!-- The body of a table (context: g:table; frame: its fmt:table-frame), line by line in
       printed order (fmt:body-rows: a line's stray header rows, else its first row):
       out-stray-row for a header row printed again, out-body-line for rows (matched in mode
       body-line: the frame is passed once a table, not once a line). -->
  <xsl:template name="table-body">
    <xsl:param name="frame"/>
    <xsl:apply-templates select="fmt:body-rows(.)" mode="body-line">
      <xsl:sort select="@line" data-type="number"/>
      <xsl:with-param name="frame" select="$frame"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="g:hrow" mode="body-line">
    <xsl:param name="frame"/>
    <xsl:call-template name="out-stray-row">
      <xsl:with-param name="frame" select="$frame"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="g:row" mode="body-line">
    <xsl:param name="frame"/>
    <xsl:call-template name="out-body-line">
      <xsl:with-param name="frame" select="$frame"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The labels of a header row printed inside the body (context: g:hrow), each spanning to
       the next label, the last one to column $last; empty columns before the first label are
       one cell of kind 'gap'. -->
  <xsl:template name="stray-cells">
    <xsl:param name="last"/>
    <xsl:for-each select="g:h">
      <xsl:variable name="next" select="following-sibling::g:h[1]/@cell"/>
      <xsl:variable name="end">
        <xsl:choose>
          <xsl:when test="$next"><xsl:value-of select="$next - 1"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$last"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:if test="position() = 1 and number(@cell) &gt; 1">
        <xsl:call-template name="out-stray-cell">
          <xsl:with-param name="kind" select="'gap'"/>
          <xsl:with-param name="n" select="1"/>
          <xsl:with-param name="s" select="@cell - 1"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="out-stray-cell">
        <xsl:with-param name="kind" select="'label'"/>
        <xsl:with-param name="n" select="number(@cell)"/>
        <xsl:with-param name="s" select="$end - @cell + 1"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- The cells of one printed line (context: its first row, as table-body gives it), slot by
       slot as fmt:line-cells lays them out (C: which row of the line sits in which column
       slot, where its values and the holes between them fall, which cells start a column
       group; a slot without a row is empty; a row whose values sit further right than its
       slot, 公开06 公用经费合计, covers the slots it reaches): <k> a row's key cells (their
       columns reckoned), <vs> all of a row's values side by side, <v> a value cell, <gap
       from to/> printed columns left empty; fmt:line-node($row, @r, @c) is the row or cell.
       Each marker is matched in mode line-cell, the parameters evaluated once a line (issue
       13: a choose and a call with its parameters for each cell cost more than the markup). -->
  <xsl:template name="line-cells">
    <xsl:param name="frame"/>
    <xsl:apply-templates select="fmt:line-cells(., $frame)" mode="line-cell">
      <xsl:with-param name="row" select="."/>
      <xsl:with-param name="frame" select="$frame"/>
      <!-- a table no finding names: straight to the hook (value-cell would look none up) -->
      <xsl:with-param name="check" select="$has-findings and $frame/@findings = 'true'"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="line" mode="line-cell">
    <xsl:call-template name="out-line-marks"/>
  </xsl:template>

  <xsl:template match="vs" mode="line-cell">
    <xsl:param name="row"/>
    <xsl:param name="frame"/>
    <xsl:param name="check"/>
    <xsl:choose>
      <!-- plain values on a table no finding names: straight to the hook, which need not ask
           what they are -->
      <xsl:when test="@plain = 'true' and not($check)">
        <xsl:apply-templates select="fmt:line-node($row, @r, 0)/*[@cell]" mode="out-value-cell">
          <xsl:with-param name="plain" select="true()"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="fmt:line-node($row, @r, 0)/*[@cell]">
          <xsl:call-template name="value-cell">
            <xsl:with-param name="frame" select="$frame"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="v" mode="line-cell">
    <xsl:param name="row"/>
    <xsl:param name="frame"/>
    <xsl:variable name="gs" select="boolean(@gs)"/>
    <xsl:for-each select="fmt:line-node($row, @r, @c)">
      <xsl:call-template name="value-cell">
        <xsl:with-param name="frame" select="$frame"/>
        <xsl:with-param name="gs" select="$gs"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="gap" mode="line-cell">
    <xsl:param name="frame"/>
    <xsl:call-template name="out-gap-cells">
      <xsl:with-param name="from" select="number(@from)"/>
      <xsl:with-param name="to" select="number(@to)"/>
      <xsl:with-param name="frame" select="$frame"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="k" mode="line-cell">
    <xsl:param name="row"/>
    <xsl:variable name="k" select="."/>
    <xsl:for-each select="fmt:line-node($row, @r, 0)">
      <xsl:call-template name="out-key-cells">
        <xsl:with-param name="k" select="$k"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- A value cell (context: amt, blank, na or text of a table row) at printed column $at
       ($gs: it starts a column group), with the findings about it, to out-value-cell. A finding that names the cell but a line
       elsewhere is about a figure in the text compared with the cell: the text is marked, not
       the cell. A table no finding names (the frame says) never looks them up. -->
  <xsl:template name="value-cell">
    <xsl:param name="at" select="number(@cell)"/>
    <xsl:param name="frame"/>
    <xsl:param name="gs"/>
    <xsl:choose>
      <xsl:when test="$has-findings and $frame/@findings = 'true'">
        <xsl:variable name="t" select="ancestor::g:table[1]"/>
        <xsl:apply-templates select="." mode="out-value-cell">
          <xsl:with-param name="at" select="$at"/>
          <xsl:with-param name="frame" select="$frame"/>
          <xsl:with-param name="gs" select="$gs"/>
          <xsl:with-param name="findings"
                          select="fmt:having($findings-path, 'table', $t/@def | $t/@number,
                                             'row', ../@key, 'col', @col)
                                  [not(@line) or @line = current()/@line]"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="." mode="out-value-cell">
          <xsl:with-param name="at" select="$at"/>
          <xsl:with-param name="frame" select="$frame"/>
          <xsl:with-param name="gs" select="$gs"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The worst severity among findings. -->
  <xsl:template name="worst-severity">
    <xsl:param name="fs"/>
    <xsl:choose>
      <xsl:when test="$fs[@severity = 'fatal']">fatal</xsl:when>
      <xsl:when test="$fs[@severity = 'error']">error</xsl:when>
      <xsl:when test="$fs[@severity = 'inconsistency']">inconsistency</xsl:when>
      <xsl:when test="$fs[@severity = 'warning']">warning</xsl:when>
      <xsl:otherwise>info</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Where a finding points, in words: 公开01 / row / column, or 第N行. -->
  <xsl:template name="finding-place">
    <xsl:choose>
      <xsl:when test="starts-with(@table, 'perf')
                      or (not(@table) and fmt:having($form-amts-path, 'line', @line, 'field', @col))">
        <!-- a form's rows and columns by their Chinese labels (from the definitions) -->
        <xsl:value-of select="normalize-space(concat('绩效自评表 第', @line, '行 ', @rowLabel, ' ', @colLabel))"/>
      </xsl:when>
      <xsl:when test="@table">
        <xsl:variable name="t" select="(fmt:having($tables-path, 'def', @table) | fmt:having($tables-path, 'number', @table))[1]"/>
        <xsl:choose>
          <xsl:when test="$t/@number"><xsl:value-of select="$t/@number"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="@table"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="@row">
          <xsl:variable name="row" select="fmt:children($t/g:part, 'row', 'key', @row)[1]"/>
          <xsl:text> </xsl:text>
          <xsl:choose>
            <xsl:when test="$row">
              <xsl:for-each select="$row">
                <xsl:if test="@code"><xsl:value-of select="concat(@code, ' ')"/></xsl:if>
                <xsl:call-template name="row-label"/>
              </xsl:for-each>
            </xsl:when>
            <xsl:when test="@rowLabel"><xsl:value-of select="@rowLabel"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="@row"/></xsl:otherwise>
          </xsl:choose>
        </xsl:if>
        <xsl:if test="@col">
          <xsl:variable name="column" select="fmt:children($t/g:part, 'column', 'id', @col)[1]"/>
          <xsl:text> · </xsl:text>
          <xsl:choose>
            <xsl:when test="$column/@label"><xsl:value-of select="$column/@label"/></xsl:when>
            <xsl:when test="@colLabel"><xsl:value-of select="@colLabel"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="@col"/></xsl:otherwise>
          </xsl:choose>
        </xsl:if>
        <xsl:if test="@line"><xsl:value-of select="concat('（第', @line, '行）')"/></xsl:if>
      </xsl:when>
      <xsl:when test="@line">
        <xsl:value-of select="concat('正文第', @line, '行')"/>
        <xsl:if test="@pos"><xsl:value-of select="concat('第', @pos, '字')"/></xsl:if>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
