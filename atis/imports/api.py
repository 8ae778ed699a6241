"""/api/v1/imports/: the legacy import, the same engine as the page and the command line.
POST runs synchronously and answers with the finished run (large files: the command line)."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core.api_actions import PagedView, paginated
from atis.core.idempotency import idempotent
from atis.imports import selectors, services, uploads, workbook
from atis.imports.models import ImportRun


class ImportIn(serializers.Serializer):
    file = serializers.FileField(help_text="XLSX from the template, a ZIP of CSV files (one per "
                                           "sheet, named after it) or one CSV named after its sheet.")
    source = serializers.CharField(max_length=50, default=services.DEFAULT_SOURCE,
                                   help_text="The source system's name; with each row's "
                                             "source_reference it recognises rows imported before.")
    dry_run = serializers.BooleanField(default=False, help_text="Check every row, write nothing.")


class ImportRowErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ImportSheetCountSerializer(serializers.Serializer):
    rows = serializers.IntegerField(help_text="data rows in the sheet")
    new = serializers.IntegerField(help_text="rows not imported before")
    existing = serializers.IntegerField(help_text="rows imported before: nothing new is created")
    created = serializers.IntegerField(help_text="records created (0 in a dry run)")


class ImportDuplicateMatchSerializer(serializers.Serializer):
    pseudonym = serializers.CharField()
    kinds = serializers.ListField(child=serializers.CharField())


class ImportDuplicateSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    source_reference = serializers.CharField()
    matches = ImportDuplicateMatchSerializer(many=True, help_text="persons already in ATIS")
    rows = serializers.ListField(child=serializers.IntegerField(), help_text="other rows of the file")


class ImportRunSerializer(serializers.ModelSerializer):
    """A run: its status while it goes on and, once finished, what it found and did."""

    started_by = serializers.CharField(source="started_by.username")
    committed = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    error_count = serializers.SerializerMethodField()
    errors = serializers.SerializerMethodField()
    duplicate_count = serializers.SerializerMethodField()
    duplicates = serializers.SerializerMethodField()

    class Meta:
        model = ImportRun
        fields = ["id", "source", "dry_run", "status", "checksum", "file_format", "size",
                  "rows_total", "rows_done", "started_by", "started_at", "finished_at", "committed",
                  "counts", "error_count", "errors", "duplicate_count", "duplicates"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_committed(self, run) -> bool:
        return bool(run.result.get("committed"))

    @extend_schema_field({"type": "object", "description": "per sheet", "additionalProperties": {
        "type": "object",
        "properties": {k: {"type": "integer"} for k in ImportSheetCountSerializer().fields}}})
    def get_counts(self, run) -> dict:
        counts = run.result.get("counts", {})
        return {sheet: ImportSheetCountSerializer(c).data for sheet, c in counts.items()}

    @extend_schema_field(OpenApiTypes.INT)
    def get_error_count(self, run) -> int:
        return run.result.get("error_count", 0)

    @extend_schema_field(ImportRowErrorSerializer(many=True))
    def get_errors(self, run) -> list:
        return ImportRowErrorSerializer(run.result.get("errors", []), many=True).data

    @extend_schema_field(OpenApiTypes.INT)
    def get_duplicate_count(self, run) -> int:
        return run.result.get("duplicate_count", 0)

    @extend_schema_field(ImportDuplicateSerializer(many=True))
    def get_duplicates(self, run) -> list:
        return ImportDuplicateSerializer(run.result.get("duplicates", []), many=True).data


class ImportListView(PagedView):
    parser_classes = [MultiPartParser]

    def initialize_request(self, request, *args, **kwargs):
        # The upload is held in memory, never in a temporary file (it is personal data).
        self.upload_refused = uploads.keep_in_memory(request) if request.method == "POST" else None
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(responses={200: ImportRunSerializer(many=True)},
                   description="The import runs, newest first (the Centre's managers only).")
    def get(self, request):
        return paginated(request, selectors.run_list(user=request.user), ImportRunSerializer)

    @extend_schema(request={"multipart/form-data": ImportIn},
                   responses={201: ImportRunSerializer, 200: ImportRunSerializer,
                              400: ImportRunSerializer},
                   description="Check (dry_run) or import a file, all or nothing. 201: imported; "
                               "200: checked, nothing written; 400: refused (the run lists every "
                               "error by sheet, row and column; nothing written) or a bad request.")
    @idempotent
    def post(self, request):
        selectors.run_list(user=request.user)  # the access check
        if self.upload_refused is not None:
            raise self.upload_refused
        body = ImportIn(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        run = services.import_file(actor=request.user, content=upload.read(), filename=upload.name,
                                   source=body.validated_data["source"],
                                   dry_run=body.validated_data["dry_run"])
        status = 400 if run.status == ImportRun.Status.REFUSED else \
            200 if run.dry_run else 201
        return Response(ImportRunSerializer(run).data, status=status)


class ImportDetailView(APIView):
    @extend_schema(responses={200: ImportRunSerializer})
    def get(self, request, pk: int):
        return Response(ImportRunSerializer(selectors.run_get(user=request.user, pk=pk)).data)


class ImportTemplateView(APIView):
    @extend_schema(responses={(200, workbook.XLSX): OpenApiTypes.BINARY},
                   description="The documented import template (XLSX).")
    def get(self, request):
        selectors.run_list(user=request.user)
        response = HttpResponse(workbook.template_xlsx(), content_type=workbook.XLSX)
        response["Content-Disposition"] = 'attachment; filename="atis-import-template.xlsx"'
        return response
