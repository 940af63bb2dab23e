<?xml version="1.0" encoding="UTF-8"?>
<!--
  floor-html.xsl — the least an HTML rendering of a gfa instance can do (make bench, issue
  13): one walk over the paragraphs and the tables, each table's header rows, body rows and
  cells written as an HTML table with the text as stored. No keys, no findings, no number
  formatting, no header merging: libxml2 and libxslt's own cost of walking what
  xslt/html.xsl walks, the floor gfa's rendering is measured against (bench/floor.c).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:g="urn:gfa:report:1"
    exclude-result-prefixes="g">

  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/">
    <html lang="zh-CN">
      <head><title><xsl:value-of select="g:report/g:header/g:title"/></title></head>
      <body>
        <xsl:apply-templates select="//g:p | //g:item | //g:remark | //g:table
                                     | //g:funds | //g:indicators"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="g:p | g:item | g:remark">
    <p><xsl:value-of select="."/></p>
  </xsl:template>

  <xsl:template match="g:table">
    <table>
      <caption><xsl:value-of select="g:title"/></caption>
      <thead>
        <xsl:for-each select="g:header/g:hrow">
          <tr><xsl:for-each select="g:h"><th><xsl:value-of select="."/></th></xsl:for-each></tr>
        </xsl:for-each>
      </thead>
      <tbody>
        <xsl:for-each select="g:part/g:row">
          <tr>
            <th><xsl:value-of select="@code"/><xsl:value-of select="@label | @name"/></th>
            <xsl:for-each select="*[@cell]"><td><xsl:value-of select="."/></td></xsl:for-each>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- the rows of a performance form -->
  <xsl:template match="g:funds | g:indicators">
    <table>
      <xsl:for-each select="g:fund | g:indicator">
        <tr><xsl:for-each select="@* | *"><td><xsl:value-of select="."/></td></xsl:for-each></tr>
      </xsl:for-each>
    </table>
  </xsl:template>

</xsl:stylesheet>
