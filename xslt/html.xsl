<?xml version="1.0" encoding="UTF-8"?>
<!--
  html.xsl — a gfa instance as one self-contained HTML page for publication and print
  (issue 4): every part of the report (概况, each table as printed, 情况说明, 名词解释,
  each 绩效自评表) behind a table of contents; inline CSS, no script, no network; A4 print
  CSS (landscape for wide tables, headers repeated on each page). Each value cell carries
  data-table / data-row / data-col / data-line; validation findings embedded in the instance
  are highlighted in place and listed in a panel by severity.
  Numbers are formatted by gfa's ICU functions (common.xsl); run it with `gfa render`.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:g="urn:gfa:report:1"
    xmlns:fmt="urn:gfa:fmt"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="g fmt exsl">

  <xsl:include href="common.xsl"/>
  <!-- The readings of an ambiguous diagnosis (GFA-DIAG-002): the cells (by table, row and
       column), form fields (by line and field, with a table) and narrative lines (by line,
       without one) they would correct; looked up by fmt:having, like the findings. -->
  <xsl:variable name="readings-path" select="'/g:report/g:validation/g:finding/g:candidate'"/>
  <!-- Paragraph-like text (paragraphs and items nest in sections), by line: the paragraph a
       finding's link goes to. fmt:elements finds them in one walk of the document. -->
  <xsl:variable name="paragraphs-path" select="&quot;fmt:elements(/, 'p item remark')&quot;"/>
  <!-- Whether any reading names a form's amount: most pages look none up. -->
  <xsl:variable name="perf-candidates"
                select="$has-findings and boolean(/g:report/g:validation/g:finding/g:candidate[@table and @line and @col])"/>

  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <xsl:param name="width" select="100"/>
  <xsl:param name="ambiguous" select="1"/>


  <!-- ===== the page ===== -->
  <xsl:template match="/">
    <xsl:if test="not(function-available('fmt:table-frame'))">
      <xsl:message terminate="yes">html.xsl needs gfa's fmt: functions: run it with gfa render</xsl:message>
    </xsl:if>
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
    <xsl:apply-templates select="g:report"/>
  </xsl:template>

  <xsl:template match="g:report">
    <xsl:variable name="entity" select="g:header/g:entity/@name"/>
    <xsl:variable name="title" select="g:header/g:title"/>
    <html lang="zh-CN">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="{g:header/g:source/@generator}"/>
        <title><xsl:value-of select="normalize-space(concat($entity, ' ', $title))"/></title>
        <style><xsl:call-template name="css"/></style>
      </head>
      <body>
        <header class="cover">
          <p class="entity"><xsl:value-of select="$entity"/></p>
          <h1><xsl:value-of select="$title"/></h1>
          <p class="period">
            <xsl:call-template name="period"/>
          </p>
        </header>
        <xsl:call-template name="toc"/>
        <xsl:apply-templates select="g:validation[$review]"/>
        <main>
          <xsl:apply-templates select="g:overview | g:tables | g:narrative | g:glossary
                                       | g:attachments | g:unrecognised"/>
        </main>
        <footer class="source">
          <xsl:text>来源：</xsl:text>
          <xsl:value-of select="g:header/g:source/@file"/>
          <xsl:text>（SHA-256 </xsl:text>
          <xsl:value-of select="g:header/g:source/@sha256"/>
          <xsl:text>）</xsl:text>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- 决算年度 with its dates, formatted by ICU-free fmt:date. -->
  <xsl:template name="period">
    <xsl:variable name="y" select="string(g:header/g:period/@year)"/>
    <xsl:value-of select="concat($y, '年度')"/>
    <xsl:if test="$have-fmt and string-length($y) = 4">
      <xsl:value-of select="concat('（', fmt:date(concat($y, '-01-01')), '至', fmt:date(concat($y, '-12-31')), '）')"/>
    </xsl:if>
    <xsl:if test="g:header/g:units/@unit">
      <xsl:value-of select="concat(' · 金额单位：', g:header/g:units/@unit)"/>
    </xsl:if>
  </xsl:template>

  <!-- ===== table of contents ===== -->
  <xsl:template name="toc">
    <nav class="toc" aria-label="目录">
      <h2>目录</h2>
      <ol>
        <xsl:if test="g:validation and $review">
          <li><a href="#findings">校验结果</a></li>
        </xsl:if>
        <xsl:for-each select="g:overview | g:tables | g:narrative | g:glossary | g:attachments">
          <li>
            <a href="#part{@line}"><xsl:value-of select="g:heading"/></a>
            <xsl:if test="g:table | g:performance | g:section">
              <ol>
                <xsl:for-each select="g:table | g:performance | g:section">
                  <li><xsl:apply-templates select="." mode="toc"/></li>
                </xsl:for-each>
              </ol>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ol>
    </nav>
  </xsl:template>

  <xsl:template match="g:table" mode="toc">
    <a href="#t{@line}">
      <xsl:if test="@number"><xsl:value-of select="concat(@number, ' ')"/></xsl:if>
      <xsl:value-of select="g:title"/>
    </a>
  </xsl:template>

  <xsl:template match="g:performance" mode="toc">
    <a href="#perf{@line}"><xsl:value-of select="g:title"/></a>
  </xsl:template>

  <xsl:template match="g:section" mode="toc">
    <a href="#s{@line}"><xsl:value-of select="g:title"/></a>
  </xsl:template>

  <!-- ===== findings panel ===== -->
  <xsl:template match="g:validation">
    <section id="findings" class="findings">
      <h2>校验结果</h2>
      <p class="verdict">
        <span class="{concat('badge ', substring('accepted', 1, 8 * number(@accepted = 'true')),
                             substring('rejected', 1, 8 * number(@accepted != 'true')))}">
          <xsl:choose>
            <xsl:when test="@accepted = 'true'">通过</xsl:when>
            <xsl:otherwise>未通过</xsl:otherwise>
          </xsl:choose>
        </span>
        <xsl:value-of select="concat(' 规则集 ', @ruleset, '：检查 ', @checks, ' 项，通过 ', @passed,
                                     ' 项，未通过 ', @failed, ' 项，无法检查 ', @unchecked, ' 项。')"/>
      </p>
      <table class="counts">
        <thead>
          <tr>
            <th scope="col">严重错误</th><th scope="col">错误</th><th scope="col">不一致</th>
            <th scope="col">警告</th><th scope="col">提示</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td class="sev-fatal"><xsl:value-of select="count(fmt:having($findings-path, 'severity', 'fatal'))"/></td>
            <td class="sev-error"><xsl:value-of select="count(fmt:having($findings-path, 'severity', 'error'))"/></td>
            <td class="sev-inconsistency"><xsl:value-of select="count(fmt:having($findings-path, 'severity', 'inconsistency'))"/></td>
            <td class="sev-warning"><xsl:value-of select="count(fmt:having($findings-path, 'severity', 'warning'))"/></td>
            <td class="sev-info"><xsl:value-of select="count(fmt:having($findings-path, 'severity', 'info'))"/></td>
          </tr>
        </tbody>
      </table>
      <xsl:call-template name="findings-of">
        <xsl:with-param name="sev" select="'fatal'"/>
      </xsl:call-template>
      <xsl:call-template name="findings-of">
        <xsl:with-param name="sev" select="'error'"/>
      </xsl:call-template>
      <xsl:call-template name="findings-of">
        <xsl:with-param name="sev" select="'inconsistency'"/>
      </xsl:call-template>
      <xsl:call-template name="findings-of">
        <xsl:with-param name="sev" select="'warning'"/>
      </xsl:call-template>
      <xsl:call-template name="findings-of">
        <xsl:with-param name="sev" select="'info'"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <xsl:template name="findings-of">
    <xsl:param name="sev"/>
    <xsl:variable name="fs" select="fmt:having($findings-path, 'severity', $sev)"/>
    <xsl:if test="$fs">
      <h3 class="sev-{$sev}">
        <xsl:call-template name="severity-label"><xsl:with-param name="s" select="$sev"/></xsl:call-template>
        <xsl:value-of select="concat('（', count($fs), '）')"/>
      </h3>
      <ol class="finding-list">
        <xsl:apply-templates select="$fs" mode="panel"/>
      </ol>
    </xsl:if>
  </xsl:template>

  <xsl:template match="g:finding" mode="panel">
    <li id="f-{@id}" class="finding-item sev-{@severity}">
      <span class="fid"><xsl:value-of select="@id"/></span>
      <xsl:text> </xsl:text>
      <code class="rule"><xsl:value-of select="@rule"/></code>
      <xsl:text> </xsl:text>
      <xsl:call-template name="finding-link"/>
      <xsl:text>：</xsl:text>
      <span class="message"><xsl:value-of select="g:message"/></span>
      <xsl:if test="@reported or @expected or @difference or @tolerance">
        <span class="values">
          <xsl:text>（</xsl:text>
          <xsl:call-template name="finding-values"/>
          <xsl:text>）</xsl:text>
        </span>
      </xsl:if>
      <xsl:if test="@cause">
        <span class="cause">
          <xsl:text> 起因：</xsl:text>
          <a href="#f-{@cause}"><xsl:value-of select="@cause"/></a>
        </span>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- Where a finding points, in words (finding-place), linked to the element it highlights
       when that is rendered: a form's amount, a table's cell, a paragraph. Each branch writes
       its link (issue 13: the link's target and the place were result tree fragments, and
       the table was looked up twice). -->
  <xsl:template name="finding-link">
    <xsl:variable name="t" select="(fmt:having($tables-path, 'def', @table) | fmt:having($tables-path, 'number', @table))[1]"/>
    <xsl:choose>
      <xsl:when test="@line and @col and fmt:having($form-amts-path, 'line', @line, 'field', @col)">
        <a class="place" href="{concat('#pf', @line, '-', @col)}"><xsl:call-template name="finding-place"/></a>
      </xsl:when>
      <xsl:when test="@table and @row and @col and
                      fmt:children($t/g:part, 'row', 'key', @row)
                        /*[@col = current()/@col][not(current()/@line) or @line = current()/@line]">
        <a class="place" href="{concat('#c', $t/@line, '-', @row, '-', @col)}"><xsl:call-template name="finding-place"/></a>
      </xsl:when>
      <xsl:when test="@line and fmt:having($paragraphs-path, 'line', @line)">
        <a class="place" href="{concat('#l', @line)}"><xsl:call-template name="finding-place"/></a>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="place">
          <xsl:call-template name="finding-place"/>
        </xsl:variable>
        <xsl:if test="string($place)">
          <span class="place"><xsl:value-of select="$place"/></span>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== parts ===== -->
  <xsl:template match="g:overview | g:tables | g:narrative | g:glossary | g:attachments">
    <section class="part part-{local-name()}" id="part{@line}">
      <h2><xsl:value-of select="g:heading"/></h2>
      <xsl:apply-templates select="*[not(self::g:heading)]"/>
    </section>
  </xsl:template>

  <xsl:template match="g:section">
    <section class="sec level{@level}" id="s{@line}">
      <xsl:element name="{concat('h', substring('3456', number(@level), 1))}">
        <xsl:value-of select="g:title"/>
      </xsl:element>
      <xsl:apply-templates select="*[not(self::g:title)]"/>
    </section>
  </xsl:template>

  <!-- Paragraph-like text; a figure in it that failed a check highlights the paragraph. Most
       paragraphs have no finding: their attributes are two value templates (issue 13:
       xsl:attribute and the tests for findings cost a sixth of a paragraph). -->
  <xsl:template match="g:p | g:item | g:remark">
    <xsl:variable name="fs" select="fmt:having($findings-path, 'line', @line[$has-findings])[not(starts-with(@table, 'perf'))]"/>
    <xsl:choose>
      <xsl:when test="not($fs)">
        <p class="{local-name()}" data-line="{@line}">
          <xsl:value-of select="."/>
          <xsl:apply-templates select="fmt:having($readings-path, 'line', @line[$has-findings])[not(@table)]" mode="flag"/>
        </p>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="paragraph-with-findings">
          <xsl:with-param name="fs" select="$fs"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A paragraph with findings ($fs, not empty): highlighted, a link to each. -->
  <xsl:template name="paragraph-with-findings">
    <xsl:param name="fs"/>
    <p>
      <xsl:attribute name="class">
        <xsl:value-of select="local-name()"/>
        <xsl:text> finding sev-</xsl:text>
        <xsl:call-template name="worst-severity"><xsl:with-param name="fs" select="$fs"/></xsl:call-template>
      </xsl:attribute>
      <xsl:attribute name="id"><xsl:value-of select="concat('l', @line)"/></xsl:attribute>
      <xsl:attribute name="data-line"><xsl:value-of select="@line"/></xsl:attribute>
      <xsl:value-of select="."/>
      <xsl:for-each select="$fs">
        <xsl:text> </xsl:text>
        <a class="flag" href="#f-{@id}">
          <xsl:value-of select="@id"/>
          <xsl:if test="@expected and not(@cause)">
            <xsl:text> 应为 </xsl:text>
            <xsl:call-template name="finding-value"><xsl:with-param name="v" select="@expected"/></xsl:call-template>
          </xsl:if>
        </a>
        <xsl:call-template name="cause-link"/>
      </xsl:for-each>
      <xsl:apply-templates select="fmt:having($readings-path, 'line', @line[$has-findings])[not(@table)]" mode="flag"/>
    </p>
  </xsl:template>

  <xsl:template match="g:staffing"/>

  <xsl:template match="g:unrecognised">
    <pre class="unrecognised" data-line="{@line}" title="{@reason}"><xsl:value-of select="."/></pre>
  </xsl:template>

  <xsl:template match="g:glossary/g:term">
    <dl class="term" data-line="{@line}">
      <dt>
        <xsl:if test="@ordinal"><xsl:value-of select="concat(@ordinal, '、')"/></xsl:if>
        <xsl:value-of select="g:name"/>
      </dt>
      <dd><xsl:value-of select="g:definition"/></dd>
    </dl>
  </xsl:template>

  <!-- ===== standard tables ===== -->
  <!-- common.xsl walks the table (fmt:table-frame, table-body); the out-* templates below write
       its lines and cells as HTML. -->
  <xsl:template match="g:table">
    <xsl:variable name="frame" select="fmt:table-frame(.)"/>
    <section class="table-block{substring(' wide', 1, 5 * number($frame/@n &gt;= 6))} t-{@def}" id="t{@line}"
             data-table="{@def}">
      <h3 class="table-title"><xsl:value-of select="g:title"/></h3>
      <xsl:call-template name="captions"/>
      <table class="report">
        <xsl:if test="$frame/hr">
          <thead>
            <xsl:for-each select="$frame/hr">
              <tr class="{concat(substring('hdr', 1, 3 * number(@colno != 'true')), substring('colno', 1, 5 * number(@colno = 'true')))}">
                <xsl:apply-templates select="hc[@k != 'v']" mode="header-cell"/>
              </tr>
            </xsl:for-each>
          </thead>
        </xsl:if>
        <tbody>
          <xsl:call-template name="table-body">
            <xsl:with-param name="frame" select="$frame"/>
          </xsl:call-template>
        </tbody>
      </table>
      <xsl:apply-templates select="g:note | g:empty | g:unrecognised"/>
      <xsl:if test="@def = 'gk01'">
        <xsl:call-template name="rmb-totals"/>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="captions">
    <div class="captions">
      <xsl:if test="g:caption[@field = 'number']">
        <p class="cap-number"><xsl:value-of select="g:caption[@field = 'number']"/></p>
      </xsl:if>
      <div class="cap-line">
        <span class="cap-entity"><xsl:value-of select="g:caption[@field = 'entity']"/></span>
        <span class="cap-year"><xsl:value-of select="g:caption[@field = 'year']"/></span>
        <span class="cap-unit"><xsl:value-of select="g:caption[@field = 'unit']"/></span>
      </div>
      <xsl:for-each select="g:caption[@field = 'other']">
        <p class="cap-other"><xsl:value-of select="."/></p>
      </xsl:for-each>
    </div>
  </xsl:template>

  <xsl:template match="g:table/g:note">
    <p class="note" data-line="{@line}"><xsl:value-of select="."/></p>
  </xsl:template>

  <xsl:template match="g:table/g:empty">
    <p class="empty" data-line="{@line}"><xsl:value-of select="."/></p>
  </xsl:template>

  <!-- A cell of the header grid (fmt:table-frame): a label, or an empty cell. Matched, not
       tested, and each attribute value one expression (issue 13: every XPath evaluation
       costs a few thousand instructions). -->
  <xsl:template match="hc[@k = 'h']" mode="header-cell">
    <th scope="{concat(substring('col', 1, 3 * number(@s = 1)), substring('colgroup', 1, 8 * number(@s != 1)))}">
      <xsl:if test="@s != 1"><xsl:attribute name="colspan"><xsl:value-of select="@s"/></xsl:attribute></xsl:if>
      <xsl:if test="@r != 1"><xsl:attribute name="rowspan"><xsl:value-of select="@r"/></xsl:attribute></xsl:if>
      <xsl:if test="@gs"><xsl:attribute name="class">gs</xsl:attribute></xsl:if>
      <xsl:value-of select="."/>
    </th>
  </xsl:template>

  <xsl:template match="hc" mode="header-cell">
    <td class="blank{substring(' gs', 1, 3 * number(boolean(@gs)))}"/>
  </xsl:template>

  <!-- ===== the hooks of common.xsl's table walk (parameters documented there) ===== -->

  <!-- A line of rows. -->
  <xsl:template name="out-body-line">
    <xsl:param name="frame"/>
    <tr data-line="{@line}">
      <xsl:call-template name="line-cells">
        <xsl:with-param name="frame" select="$frame"/>
      </xsl:call-template>
    </tr>
  </xsl:template>

  <!-- A total, heading or placeholder line is marked as such (context: fmt:line-cells' line). -->
  <xsl:template name="out-line-marks">
    <xsl:attribute name="class">
      <xsl:value-of select="substring(concat(substring(' total', 1, 6 * number(boolean(@total))),
                                             substring(' heading', 1, 8 * number(boolean(@heading))),
                                             substring(' placeholder', 1, 12 * number(boolean(@placeholder)))), 2)"/>
    </xsl:attribute>
  </xsl:template>

  <!-- A header row printed again inside the body (公开10). -->
  <xsl:template name="out-stray-row">
    <tr class="subhead" data-line="{@line}">
      <xsl:call-template name="stray-cells">
        <xsl:with-param name="last" select="@cells"/>
      </xsl:call-template>
    </tr>
  </xsl:template>

  <xsl:template name="out-stray-cell">
    <xsl:param name="kind"/>
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="$kind = 'gap'"><td class="blank" colspan="{$s}"/></xsl:when>
      <xsl:otherwise>
        <th scope="col">
          <xsl:if test="$s &gt; 1"><xsl:attribute name="colspan"><xsl:value-of select="$s"/></xsl:attribute></xsl:if>
          <xsl:call-template name="header-text"/>
        </th>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 科目代码, the row label (a header cell of its row), 行次. The first cell of a column
       group gets the group's heavier rule. -->
  <xsl:template name="out-key-cells">
    <xsl:param name="k"/>
    <xsl:if test="$k/@code">
      <td class="code{substring(' gs', 1, 3 * number(boolean($k/@gs)))}"><xsl:value-of select="@code"/></td>
    </xsl:if>
    <th scope="row"
        class="{concat('name', substring(' lvl', 1, 4 * boolean(@level)), @level,
                       substring(' center', 1, 7 * ($k/@coded and not(@code))),
                       substring(' gs', 1, 3 * ($k/@gs and not($k/@code))))}">
      <xsl:if test="$k/@span &gt; 1"><xsl:attribute name="colspan"><xsl:value-of select="$k/@span"/></xsl:attribute></xsl:if>
      <!-- the row label (row-label's), which the marker holds -->
      <xsl:value-of select="$k"/>
      <xsl:if test="@unit and not(contains(@label, @unit))">
        <span class="unit"><xsl:value-of select="concat('（', @unit, '）')"/></span>
      </xsl:if>
    </th>
    <xsl:if test="$k/@lineno">
      <td class="lineno"><xsl:value-of select="@lineNo"/></td>
    </xsl:if>
  </xsl:template>

  <!-- One empty td per printed column. -->
  <xsl:template name="out-gap-cells">
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:param name="frame"/>
    <xsl:if test="$from &lt;= $to">
      <td>
        <xsl:if test="contains($frame/@groups, concat(' ', $from, ' '))"><xsl:attribute name="class">gs</xsl:attribute></xsl:if>
      </td>
      <xsl:call-template name="out-gap-cells">
        <xsl:with-param name="from" select="$from + 1"/>
        <xsl:with-param name="to" select="$to"/>
        <xsl:with-param name="frame" select="$frame"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- A value cell: data attributes for machines, the findings' highlight for people. -->
  <xsl:template match="*" mode="out-value-cell">
    <xsl:param name="frame"/>
    <xsl:param name="findings"/>
    <xsl:param name="gs"/>
    <xsl:param name="plain"/>
    <td data-table="{ancestor::g:table[1]/@def}" data-row="{../@key}" data-col="{@col}" data-line="{@line}"
        class="num">
      <xsl:choose>
        <!-- the usual cell: an amount or a blank (class num), not starting a column group, no
             finding, not uncertain, no reading of a diagnosis on its table -->
        <xsl:when test="$plain or not($gs or $findings or @certain or self::g:na or self::g:text
                                      or ($has-findings and $frame/@candidates = 'true'))">
          <xsl:value-of select="fmt:cell-text(.)"/>
        </xsl:when>
        <xsl:otherwise>
          <!-- text, na, or num (amt, blank: the value cells of the schema), then gs where a
               column group starts -->
          <xsl:variable name="cls" select="concat(substring('num', 1, 3 * not(self::g:na or self::g:text)),
                                                  local-name(self::g:na | self::g:text),
                                                  substring(' gs', 1, 3 * number(boolean($gs))))"/>
          <xsl:attribute name="class"><xsl:value-of select="$cls"/></xsl:attribute>
          <xsl:if test="$findings">
            <xsl:attribute name="class">
              <xsl:value-of select="concat($cls, ' finding sev-')"/>
              <xsl:call-template name="worst-severity"><xsl:with-param name="fs" select="$findings"/></xsl:call-template>
            </xsl:attribute>
            <xsl:attribute name="id"><xsl:value-of select="concat('c', ancestor::g:table[1]/@line, '-', ../@key, '-', @col)"/></xsl:attribute>
            <xsl:attribute name="title">
              <xsl:for-each select="$findings">
                <xsl:if test="position() &gt; 1">；</xsl:if>
                <xsl:value-of select="concat(@id, ' ', g:message)"/>
              </xsl:for-each>
            </xsl:attribute>
          </xsl:if>
          <xsl:value-of select="fmt:cell-text(.)"/>
          <xsl:call-template name="uncertain-cell-mark"/>
          <xsl:if test="$findings">
            <xsl:apply-templates select="$findings" mode="flag"/>
          </xsl:if>
          <xsl:if test="$has-findings">
            <xsl:apply-templates select="fmt:having($readings-path, 'table', ancestor::g:table[1]/@def, 'row', ../@key, 'col', @col)"
                                 mode="flag"/>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </td>
  </xsl:template>

  <!-- A flagged value's marks: what it should be (a root cause only), and a link to the
       finding; a consequence links to its cause instead. -->
  <xsl:template match="g:finding" mode="flag">
    <span class="flag">
      <xsl:if test="@expected and not(@cause)">
        <span class="expected">
          <xsl:text>应为 </xsl:text>
          <xsl:call-template name="finding-value"><xsl:with-param name="v" select="@expected"/></xsl:call-template>
        </span>
        <xsl:text> </xsl:text>
      </xsl:if>
      <a href="#f-{@id}"><xsl:value-of select="@id"/></a>
      <xsl:call-template name="cause-link"/>
    </span>
  </xsl:template>

  <!-- A consequence's link to the finding that causes it (context: g:finding). -->
  <xsl:template name="cause-link">
    <xsl:if test="@cause">
      <a class="cause" href="#f-{@cause}" title="由 {@cause} 引起"><xsl:value-of select="concat('→', @cause)"/></a>
    </xsl:if>
  </xsl:template>

  <!-- A reading of an ambiguous diagnosis on this value: what it might be. -->
  <xsl:template match="g:candidate" mode="flag">
    <span class="flag candidate">
      <xsl:text>可能应为 </xsl:text>
      <xsl:call-template name="finding-value"><xsl:with-param name="v" select="@expected"/></xsl:call-template>
      <xsl:text> </xsl:text>
      <a href="#f-{../@id}"><xsl:value-of select="../@id"/></a>
    </span>
  </xsl:template>

  <!-- A value the reader was unsure of: marked, its readings in the tooltip. -->
  <xsl:template name="uncertain-cell-mark">
    <xsl:if test="$review and (@certain = 'false' or @certain = '0')">
      <span class="uncertain">
        <xsl:attribute name="title"><xsl:call-template name="uncertain-readings"/></xsl:attribute>
        <xsl:call-template name="uncertain-mark"/>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- 人民币大写 of 公开01 总计: the amounts are in units of 10^scale 元 (万元: 4). -->
  <xsl:template name="rmb-totals">
    <xsl:variable name="in" select="g:part/g:row[@key = 'income_grand_total']/g:amt[1]"/>
    <xsl:variable name="out" select="g:part/g:row[@key = 'expense_grand_total']/g:amt[1]"/>
    <xsl:if test="$have-fmt and ($in or $out) and string($scale) != ''">
      <p class="rmb-upper">
        <xsl:choose>
          <xsl:when test="$in and $out and string($in) = string($out)">
            <xsl:text>收入总计、支出总计（大写）：</xsl:text>
            <xsl:value-of select="fmt:rmb-upper($in, $scale, 'prefix')"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:if test="$in">
              <xsl:text>收入总计（大写）：</xsl:text>
              <xsl:value-of select="fmt:rmb-upper($in, $scale, 'prefix')"/>
            </xsl:if>
            <xsl:if test="$in and $out"><br/></xsl:if>
            <xsl:if test="$out">
              <xsl:text>支出总计（大写）：</xsl:text>
              <xsl:value-of select="fmt:rmb-upper($out, $scale, 'prefix')"/>
            </xsl:if>
          </xsl:otherwise>
        </xsl:choose>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- ===== 项目支出绩效自评表 ===== -->
  <xsl:template match="g:performance">
    <section class="perf wide" id="perf{@line}">
      <h3 class="table-title"><xsl:value-of select="g:title"/></h3>
      <table class="report form">
        <tbody>
          <tr>
            <th scope="row">项目名称</th>
            <td colspan="3"><xsl:value-of select="g:project/@name"/></td>
          </tr>
          <tr>
            <th scope="row">主管部门及代码</th>
            <td><xsl:apply-templates select="g:department" mode="coded"/></td>
            <th scope="row">预算单位</th>
            <td><xsl:apply-templates select="g:unit" mode="coded"/></td>
          </tr>
        </tbody>
      </table>
      <xsl:apply-templates select="g:funds"/>
      <xsl:if test="g:goal">
        <table class="report form">
          <thead>
            <tr><th scope="col">年度目标</th><th scope="col">实际完成情况</th></tr>
          </thead>
          <tbody>
            <xsl:for-each select="g:goal">
              <tr data-line="{@line}"><td><xsl:value-of select="g:target"/></td><td><xsl:value-of select="g:actual"/></td></tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:if>
      <xsl:apply-templates select="g:indicators"/>
      <xsl:if test="g:total">
        <p class="perf-total" data-line="{g:total/@line}">
          <xsl:text>总分：</xsl:text>
          <xsl:if test="g:total/@score and $have-fmt">
            <xsl:value-of select="fmt:amount(g:total/@score, 'auto')"/>
          </xsl:if>
          <xsl:if test="g:total/@grade">
            <xsl:value-of select="concat('　等级：', g:total/@grade)"/>
          </xsl:if>
        </p>
      </xsl:if>
      <xsl:if test="g:analysis">
        <table class="report form">
          <thead><tr><th scope="col" colspan="2">项目绩效分析</th></tr></thead>
          <tbody>
            <xsl:for-each select="g:analysis">
              <tr data-line="{@line}"><th scope="row"><xsl:value-of select="@topic"/></th><td><xsl:value-of select="."/></td></tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:if>
      <xsl:apply-templates select="g:remark"/>
      <xsl:if test="fmt:descendants(., 'certain', 'false')[not(self::g:amt)] or g:unrecognised">
        <details class="grid">
          <summary>原表单元格（部分内容的位置由推断得出，请对照原表）</summary>
          <table class="report grid">
            <tbody>
              <xsl:for-each select="g:grid/g:r">
                <tr data-line="{@line}">
                  <xsl:for-each select="fmt:grid-cells(.)"><td><xsl:value-of select="."/></td></xsl:for-each>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </details>
        <xsl:apply-templates select="g:unrecognised"/>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="g:department | g:unit" mode="coded">
    <xsl:if test="@code"><xsl:value-of select="concat(@code, '-')"/></xsl:if>
    <xsl:value-of select="@name"/>
  </xsl:template>

  <xsl:template match="g:funds">
    <table class="report form funds">
      <thead>
        <tr>
          <th scope="col" rowspan="2">项目资金（万元）</th>
          <th scope="colgroup" colspan="2">年初预算数</th>
          <th scope="col" rowspan="2">全年预算数</th>
          <th scope="col" rowspan="2">全年执行数</th>
          <th scope="col" rowspan="2">资金结（转）余</th>
          <th scope="col" rowspan="2">执行率（%）</th>
          <th scope="col" rowspan="2">得分</th>
          <th scope="col" rowspan="2">偏差原因</th>
        </tr>
        <tr><th scope="col">目标申报数</th><th scope="col">预算编制数</th></tr>
      </thead>
      <tbody>
        <xsl:for-each select="g:fund">
          <tr data-line="{@line}">
            <xsl:if test="@total = 'true' or @certain = 'false'">
              <xsl:attribute name="class">
                <xsl:if test="@total = 'true'">total </xsl:if>
                <xsl:if test="@certain = 'false'">uncertain</xsl:if>
              </xsl:attribute>
            </xsl:if>
            <xsl:if test="@certain = 'false'">
              <xsl:attribute name="title">数值位置由推断得出，请对照原表</xsl:attribute>
            </xsl:if>
            <th scope="row"><xsl:value-of select="@source"/></th>
            <xsl:call-template name="fund-cell"><xsl:with-param name="f" select="'declared'"/></xsl:call-template>
            <xsl:call-template name="fund-cell"><xsl:with-param name="f" select="'budgeted'"/></xsl:call-template>
            <xsl:call-template name="fund-cell"><xsl:with-param name="f" select="'full_year'"/></xsl:call-template>
            <xsl:call-template name="fund-cell"><xsl:with-param name="f" select="'executed'"/></xsl:call-template>
            <xsl:call-template name="fund-cell"><xsl:with-param name="f" select="'balance'"/></xsl:call-template>
            <xsl:call-template name="fund-cell"><xsl:with-param name="f" select="'rate'"/></xsl:call-template>
            <xsl:call-template name="fund-cell"><xsl:with-param name="f" select="'score'"/></xsl:call-template>
            <td class="text"><xsl:value-of select="g:reason"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template name="fund-cell">
    <xsl:param name="f"/>
    <xsl:variable name="a" select="fmt:children(., 'amt', 'field', $f)"/>
    <xsl:choose>
      <xsl:when test="$a">
        <xsl:variable name="fs" select="fmt:having($findings-path, 'line', ($a/@line)[1][$has-findings], 'col', $f)"/>
        <td class="num" data-table="perf" data-row="{@source}" data-col="{$f}" data-line="{$a/@line}">
          <xsl:if test="$fs">
            <xsl:attribute name="class">
              <xsl:text>num finding sev-</xsl:text>
              <xsl:call-template name="worst-severity"><xsl:with-param name="fs" select="$fs"/></xsl:call-template>
            </xsl:attribute>
            <xsl:attribute name="id"><xsl:value-of select="concat('pf', $a/@line, '-', $f)"/></xsl:attribute>
          </xsl:if>
          <xsl:value-of select="fmt:amount($a, 'auto')"/>
          <xsl:if test="$a/@certain">
            <xsl:for-each select="$a"><xsl:call-template name="uncertain-cell-mark"/></xsl:for-each>
          </xsl:if>
          <xsl:apply-templates select="$fs" mode="flag"/>
          <xsl:if test="$perf-candidates">
            <xsl:apply-templates select="fmt:having($readings-path, 'line', ($a/@line)[1], 'col', $f)[@table]" mode="flag"/>
          </xsl:if>
        </td>
      </xsl:when>
      <xsl:otherwise><td class="num"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="g:indicators">
    <table class="report form indicators">
      <thead>
        <tr>
          <th scope="col">一级指标</th><th scope="col">二级指标</th><th scope="col">三级指标</th>
          <th scope="col">年初指标值</th><th scope="col">调整后指标值</th><th scope="col">实际完成值</th>
          <th scope="col">分值</th><th scope="col">得分</th><th scope="col">偏差原因分析及改进措施</th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="g:indicator">
          <!-- 一级指标 merged down over the rows that repeat it, as printed: the rows it spans
               on the first of them, 0 on the others -->
          <xsl:variable name="span" select="fmt:run-length(., 'level1')"/>
          <tr data-line="{@line}">
            <xsl:if test="@certain = 'false'">
              <xsl:attribute name="class">uncertain</xsl:attribute>
              <xsl:attribute name="title">数值位置由推断得出，请对照原表</xsl:attribute>
            </xsl:if>
            <xsl:if test="$span &gt; 0">
              <th scope="rowgroup">
                <xsl:if test="$span &gt; 1"><xsl:attribute name="rowspan"><xsl:value-of select="$span"/></xsl:attribute></xsl:if>
                <xsl:value-of select="@level1"/>
              </th>
            </xsl:if>
            <td><xsl:value-of select="@level2"/></td>
            <th scope="row"><xsl:value-of select="@name"/></th>
            <td><xsl:value-of select="g:initial"/></td>
            <td><xsl:value-of select="g:adjusted"/></td>
            <td><xsl:value-of select="g:actual"/></td>
            <!-- fmt:amount of no node is the empty string: no test needed (issue 13) -->
            <td class="num"><xsl:value-of select="fmt:amount(g:weight, 'auto')"/></td>
            <td class="num"><xsl:value-of select="fmt:amount(g:score, 'auto')"/></td>
            <td><xsl:value-of select="g:reason"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- ===== style ===== -->
  <xsl:template name="css">
    <xsl:text>
:root { --rule: #333; --head: #eef1f5; --fatal: #7a0010; --error: #c0001a; --inc: #9b2fae; --warn: #b26a00; --info: #2367a8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 32px 48px; color: #111; background: #fff;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimSun", sans-serif;
  font-size: 15px; line-height: 1.65; }
h1, h2, h3, h4, h5, h6 { line-height: 1.35; }
h1 { font-size: 28px; margin: 8px 0; }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 2px solid #222; }
h3 { font-size: 17px; margin: 22px 0 8px; }
h4, h5, h6 { font-size: 15px; margin: 16px 0 6px; }
a { color: #1a4f8b; }
.cover { text-align: center; padding: 28px 0 12px; border-bottom: 3px double #222; }
.cover .entity { font-size: 20px; margin: 0; }
.cover .period { color: #444; margin: 4px 0 0; }
nav.toc ol { margin: 4px 0; padding-left: 1.4em; list-style: none; }
nav.toc > ol { padding-left: 0; }
nav.toc > ol { columns: 2; column-gap: 40px; }
nav.toc li { break-inside: avoid; }
p { margin: 6px 0; }
p.p, p.item { text-indent: 2em; }
p.item { text-indent: 0; padding-left: 2em; text-indent: -2em; }
dl.term { margin: 6px 0; }
dl.term dt { font-weight: bold; }
dl.term dd { margin: 0 0 0 2em; }
.table-block, .perf { margin: 28px 0 36px; }
.table-title { text-align: center; font-size: 19px; margin-bottom: 2px; }
.captions { font-size: 13px; }
.cap-number { text-align: right; margin: 0; }
.cap-line { display: flex; justify-content: space-between; gap: 16px; }
.cap-line span { flex: 1; }
.cap-year { text-align: center; }
.cap-unit { text-align: right; }
table.report { border-collapse: collapse; width: 100%; font-size: 13px; margin: 4px 0; }
table.report th, table.report td { border: 1px solid var(--rule); padding: 2px 6px; vertical-align: middle; }
table.report thead th { background: var(--head); text-align: center; font-weight: bold; }
table.report thead th:not([colspan]) { min-width: 4.6em; }
table.report tr.colno th, table.report tr.colno td { font-weight: normal; font-size: 12px; }
table.report tbody th { text-align: left; font-weight: normal; }
table.report th.center { text-align: center; }
table.report td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.report td.na, table.report td.lineno, table.report td.code { text-align: center; white-space: nowrap; }
table.report td.code { text-align: left; }
table.report .lvl2 { padding-left: 1.6em; }
table.report .lvl3 { padding-left: 3.2em; }
table.report tr.total th, table.report tr.total td { font-weight: bold; }
table.report tr.heading th { font-weight: bold; }
table.report tr.subhead th { background: var(--head); text-align: center; font-weight: bold; }
table.report .gs { border-left: 2px solid #000; }
table.report .unit { color: #555; font-size: 12px; }
table.report.form th { background: var(--head); }
table.report.form td { vertical-align: top; }
tr.uncertain td, tr.uncertain th { background: #fffbe6; }
p.note, p.empty { font-size: 13px; color: #333; margin: 4px 0; }
p.rmb-upper { font-size: 14px; margin: 8px 0; }
pre.unrecognised { white-space: pre-wrap; background: #f6f6f6; border-left: 3px solid #999; padding: 4px 8px; }
.finding { background: #ffe3e3; box-shadow: inset 0 0 0 2px var(--error); }
.flag.candidate { color: #8a5a00; }
.uncertain { color: #8a5a00; font-weight: bold; cursor: help; }
a.cause { margin-left: .25em; font-size: 85%; }
.finding.sev-fatal { box-shadow: inset 0 0 0 2px var(--fatal); }
.finding.sev-inconsistency { background: #f6e6fa; box-shadow: inset 0 0 0 2px var(--inc); }
.finding.sev-warning { background: #fff3d6; box-shadow: inset 0 0 0 2px var(--warn); }
.finding.sev-info { background: #e6f0fb; box-shadow: inset 0 0 0 2px var(--info); }
p.finding { padding: 2px 6px; }
.flag { display: block; font-size: 11px; font-weight: normal; white-space: nowrap; }
p .flag, p a.flag { display: inline; }
.flag .expected { color: var(--error); }
section.findings { border: 2px solid #c33; padding: 4px 18px 12px; margin: 24px 0; border-radius: 4px; }
section.findings h2 { border: 0; margin-top: 10px; }
.badge { display: inline-block; padding: 0 8px; border-radius: 3px; color: #fff; font-weight: bold; }
.badge.accepted { background: #2b7a3d; }
.badge.rejected { background: var(--error); }
table.counts { border-collapse: collapse; margin: 8px 0; }
table.counts th, table.counts td { border: 1px solid #999; padding: 2px 14px; text-align: center; }
h3.sev-fatal, li.sev-fatal .fid { color: var(--fatal); }
h3.sev-error, li.sev-error .fid { color: var(--error); }
h3.sev-inconsistency, li.sev-inconsistency .fid { color: var(--inc); }
h3.sev-warning, li.sev-warning .fid { color: var(--warn); }
h3.sev-info, li.sev-info .fid { color: var(--info); }
ol.finding-list li { margin: 4px 0; }
.fid { font-weight: bold; }
code.rule { font-size: 12px; background: #f2f2f2; padding: 0 4px; }
footer.source { margin-top: 40px; font-size: 12px; color: #666; word-break: break-all; }
@media print {
  @page { size: A4 portrait; margin: 14mm 12mm; }
  @page wide { size: A4 landscape; margin: 12mm 10mm; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  .wide { page: wide; }
  .table-block, .perf { break-before: page; margin: 0; }
  nav.toc { break-after: page; }
  thead { display: table-header-group; }
  tr, .flag { break-inside: avoid; }
  table.report { font-size: 9pt; }
  /* a table's notes stay with it: never a page holding only the 注 line (issue 12) */
  .table-block p.note, .table-block p.empty, .table-block p.rmb-upper { break-before: avoid; break-inside: avoid; }
  .table-block table.report tbody tr:last-child { break-after: avoid; }
  /* 公开01 (31 lines of 收入 and 支出 side by side) on one landscape page where it can */
  .table-block.t-gk01 table.report { font-size: 8pt; line-height: 1.2; }
  .table-block.t-gk01 table.report th, .table-block.t-gk01 table.report td { padding: 0 4px; }
  .table-block.t-gk01 .table-title { margin: 0 0 2px; font-size: 14pt; }
  .table-block.t-gk01 .captions, .table-block.t-gk01 p.note { font-size: 8pt; margin: 0; }
  a { color: inherit; text-decoration: none; }
  details.grid { display: none; }
}
</xsl:text>
  </xsl:template>

</xsl:stylesheet>
